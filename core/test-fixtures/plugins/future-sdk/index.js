globalThis.__futureSdkImported = true; export default { id: 'future-sdk', register() {} };
