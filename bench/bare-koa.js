// The baseline: Koa answering a small JSON body, nothing else.
import Koa from 'koa';

const app = new Koa();
app.use((ctx) => {
  ctx.body = { hello: 'world', at: Date.now() };
});
app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
