// Overseerr's webhook agent: who may call (the Authorization header, compared in constant time),
// what it sends (every value a string, validated), and the template the admin pastes.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { JSONSchema } from '@medianest/sdk';

/** The Authorization header value Overseerr must send; derived from the API key, so nothing else is stored. */
export function webhookAuthorization(apiKey: string): string {
  return `Bearer mnw_${createHmac('sha256', apiKey).update('medianest overseerr webhook v1').digest('base64url')}`;
}

/** Whether `sent` is the expected header value; constant time whatever was sent. */
export function authorized(sent: string | undefined, expected: string): boolean {
  const a = createHash('sha256').update(sent ?? '').digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && sent !== undefined;
}

/** A hash of the body, to recognise a delivery seen before. */
export const deliveryHash = (body: unknown): string => createHash('sha256').update(JSON.stringify(body)).digest('hex');

// Overseerr substitutes every {{variable}} as a string; an edited template may send bare numbers.
const NUMBER = 'must be a number (in quotes, as Overseerr sends it)';
const id: JSONSchema = { anyOf: [{ type: 'string', pattern: '^\\s*\\d{0,12}\\s*$', errorMessage: NUMBER }, { type: 'integer', minimum: 0, errorMessage: NUMBER }] };
const text: JSONSchema = { type: 'string', maxLength: 2000 };

/** The webhook body: Overseerr's default template, or the shorter one in the README. */
export const webhookBodySchema: JSONSchema = {
  type: 'object',
  required: ['notification_type'],
  properties: {
    notification_type: { type: 'string', pattern: '^[A-Z0-9_]{1,64}$', errorMessage: 'must be an Overseerr notification type such as MEDIA_APPROVED' },
    event: text,
    subject: text,
    message: text,
    media: {
      anyOf: [
        { type: 'null' },
        { type: 'object', properties: { media_type: { type: 'string', enum: ['movie', 'tv', ''], errorMessage: 'must be movie or tv' }, tmdbId: id, tvdbId: id, status: { type: 'string', maxLength: 40 }, status4k: { type: 'string', maxLength: 40 } } },
      ],
    },
    request: { anyOf: [{ type: 'null' }, { type: 'object', properties: { request_id: id, requestedBy_email: text, requestedBy_username: text } }] },
    issue: { anyOf: [{ type: 'null' }, { type: 'object', properties: { issue_id: id, issue_type: text, issue_status: text } }] },
  },
};

/** What the plugin needs from a delivery. */
export interface WebhookEvent {
  type: string;
  requestId?: number;
  tmdbId?: number;
  isIssue: boolean;
  isTest: boolean;
}

const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
};

/** The fields of a validated body. */
export function readEvent(body: any): WebhookEvent {
  const type = String(body.notification_type);
  return {
    type,
    requestId: num(body.request?.request_id),
    tmdbId: num(body.media?.tmdbId),
    isIssue: type.startsWith('ISSUE_'),
    isTest: type === 'TEST_NOTIFICATION',
  };
}

/** The JSON payload to paste into Overseerr (Settings → Notifications → Webhook → JSON Payload). */
export const WEBHOOK_TEMPLATE = `{
  "notification_type": "{{notification_type}}",
  "event": "{{event}}",
  "subject": "{{subject}}",
  "{{media}}": {
    "media_type": "{{media_type}}",
    "tmdbId": "{{media_tmdbid}}",
    "tvdbId": "{{media_tvdbid}}",
    "status": "{{media_status}}",
    "status4k": "{{media_status4k}}"
  },
  "{{request}}": {
    "request_id": "{{request_id}}",
    "requestedBy_email": "{{requestedBy_email}}",
    "requestedBy_username": "{{requestedBy_username}}"
  },
  "{{issue}}": {
    "issue_id": "{{issue_id}}",
    "issue_type": "{{issue_type}}",
    "issue_status": "{{issue_status}}"
  }
}`;
