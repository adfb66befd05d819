// raw-body 2.x ships no types; the one call the core makes.
declare module 'raw-body' {
  import type { Readable } from 'node:stream';
  interface Options {
    length?: string | number;
    limit?: string | number;
    encoding: string;
  }
  export default function getRawBody(stream: Readable, options: Options): Promise<string>;
}
