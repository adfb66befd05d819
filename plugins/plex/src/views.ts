// What the portal is sent about Plex items and streams: plain fields, signed poster URLs, links into
// Plex; never a token, never a server-internal path other than the poster's signed one.
import type { PmsMetadata } from './pms-types.js';
import type { PosterSigner, PosterSize } from './posters.js';

export interface ItemView {
  id: string;
  title: string;
  subtitle: string | null;
  type: string;
  year: number | null;
  poster: string | null;
  addedAt: string | null;
  /** Share watched, 0-100, when partly watched. */
  progress: number | null;
  library: string | null;
  links: { app: string | null; web: string | null };
}

export interface StreamView {
  id: string;
  user: { name: string; plexId: number | null };
  item: ItemView;
  state: 'playing' | 'paused' | 'buffering';
  progress: number;
  positionMs: number;
  durationMs: number;
  player: string;
  decision: 'direct play' | 'direct stream' | 'transcode';
  /** Why Plex transcodes, in words ("video HEVC → H264"), when it does. */
  reason: string | null;
  /** Bandwidth the stream uses, in kbit/s. */
  bandwidthKbps: number | null;
  local: boolean | null;
}

/** Links that open an item in Plex: app.plex.tv, and the server's own web app. */
export interface LinkBase {
  machineIdentifier?: string;
  webUrl?: string;
}

export function itemLinks(ratingKey: string | undefined, base: LinkBase): ItemView['links'] {
  if (!ratingKey || !base.machineIdentifier) return { app: null, web: null };
  const detail = `#!/server/${base.machineIdentifier}/details?key=${encodeURIComponent(`/library/metadata/${ratingKey}`)}`;
  return { app: `https://app.plex.tv/desktop/${detail}`, web: base.webUrl ? `${base.webUrl.replace(/\/+$/, '')}/web/index.html${detail}` : null };
}

const subtitleOf = (m: PmsMetadata): string | null => {
  if (m.type === 'episode') return [m.grandparentTitle, m.parentIndex !== undefined && m.index !== undefined ? `S${m.parentIndex}·E${m.index}` : null].filter(Boolean).join(' — ') || null;
  if (m.type === 'track') return [m.grandparentTitle, m.parentTitle].filter(Boolean).join(' — ') || null;
  if (m.type === 'season') return m.parentTitle ?? null;
  return m.year ? String(m.year) : null;
};

export function itemView(m: PmsMetadata, posters: PosterSigner, base: LinkBase, size: PosterSize = 'small'): ItemView {
  const thumb = m.type === 'episode' || m.type === 'track' ? (m.grandparentThumb ?? m.parentThumb ?? m.thumb) : m.thumb;
  const progress = m.viewOffset && m.duration ? Math.min(100, Math.round((m.viewOffset / m.duration) * 1000) / 10) : null;
  return {
    id: String(m.ratingKey ?? m.key ?? ''),
    title: m.type === 'episode' && m.grandparentTitle ? m.grandparentTitle : (m.title ?? 'Untitled'),
    subtitle: m.type === 'episode' ? [m.parentIndex !== undefined && m.index !== undefined ? `S${m.parentIndex}·E${m.index}` : null, m.title].filter(Boolean).join(' ') || null : subtitleOf(m),
    type: m.type ?? 'unknown',
    year: typeof m.year === 'number' ? m.year : null,
    poster: posters.url(thumb, size),
    addedAt: typeof m.addedAt === 'number' ? new Date(m.addedAt * 1000).toISOString() : null,
    progress,
    library: m.librarySectionTitle ?? null,
    links: itemLinks(m.ratingKey, base),
  };
}

const CODEC: Record<string, string> = { hevc: 'HEVC', h264: 'H.264', mpeg4: 'MPEG-4', av1: 'AV1', vp9: 'VP9', aac: 'AAC', ac3: 'AC3', eac3: 'E-AC3', dca: 'DTS', truehd: 'TrueHD', flac: 'FLAC', mp3: 'MP3', opus: 'Opus' };
const codec = (c?: string) => (c ? (CODEC[c.toLowerCase()] ?? c.toUpperCase()) : '?');

/** Direct play, direct stream or transcode, and why, from a session's TranscodeSession. */
export function decisionOf(m: PmsMetadata): { decision: StreamView['decision']; reason: string | null } {
  const t = m.TranscodeSession;
  if (!t) return { decision: 'direct play', reason: null };
  const reasons: string[] = [];
  if (t.videoDecision === 'transcode') reasons.push(`video ${codec(t.sourceVideoCodec)} → ${codec(t.videoCodec)}`);
  if (t.audioDecision === 'transcode') reasons.push(`audio ${codec(t.sourceAudioCodec)} → ${codec(t.audioCodec)}`);
  if (!reasons.length) return { decision: 'direct stream', reason: t.container && t.sourceContainer && t.container !== t.sourceContainer ? `container ${t.sourceContainer} → ${t.container}` : null };
  if (t.throttled === false && typeof t.speed === 'number') reasons.push(`${t.speed.toFixed(1)}× speed`);
  if (t.transcodeHwRequested) reasons.push('hardware');
  return { decision: 'transcode', reason: reasons.join(', ') };
}

export function streamView(m: PmsMetadata, posters: PosterSigner, base: LinkBase): StreamView {
  const duration = m.duration ?? 0;
  const position = m.viewOffset ?? 0;
  const state = m.Player?.state === 'paused' || m.Player?.state === 'buffering' ? m.Player.state : 'playing';
  const { decision, reason } = decisionOf(m);
  const plexId = m.User?.id !== undefined ? Number(m.User.id) : (m.Player?.userID ?? null);
  return {
    id: String(m.Session?.id ?? m.sessionKey ?? `${m.ratingKey}-${plexId}`),
    user: { name: m.User?.title ?? 'Someone', plexId: Number.isFinite(plexId) ? plexId : null },
    item: itemView(m, posters, base),
    state,
    progress: duration ? Math.min(100, Math.round((position / duration) * 1000) / 10) : 0,
    positionMs: position,
    durationMs: duration,
    player: [m.Player?.product, m.Player?.title].filter(Boolean).join(' on ') || 'a player',
    decision,
    reason,
    bandwidthKbps: typeof m.Session?.bandwidth === 'number' ? m.Session.bandwidth : null,
    local: typeof m.Player?.local === 'boolean' ? m.Player.local : null,
  };
}
