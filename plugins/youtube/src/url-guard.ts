// Which links may be downloaded: http(s) only, and (unless the admin allows it) nothing that
// resolves to a private, loopback or link-local address (MeTube's url_guard does the same).
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) {
  blocked.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) blocked.addSubnet(net, bits, 'ipv6');

/** True for addresses a household server must not be made to fetch from. */
export function isPrivateAddress(address: string): boolean {
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4mapped) return blocked.check(v4mapped[1]!, 'ipv4');
  return blocked.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** Why a link is refused (words for the person), or null when it may be downloaded. */
export async function refuseLink(text: string, allowPrivate: boolean): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return 'That is not a link. Paste the whole address, starting with https://';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Only web links (starting with http:// or https://) can be downloaded';
  if (url.username || url.password) return 'Links with a user name or password in them cannot be downloaded';
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    return `The site ${url.hostname} could not be found. Check the link for typos`;
  }
  if (addresses.some(isPrivateAddress)) return 'Links to this home network or this server cannot be downloaded';
  return null;
}
