import { nothing } from './missing-file.js'; export default nothing;
