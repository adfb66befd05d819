import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { availability, availabilityFromName, requestState } from '../media-status.js';
import { period, quotaLine, quotaRefusal } from '../words.js';

test('media status numbers of Overseerr, Jellyseerr and Seerr, and anything newer as "unknown"', () => {
  assert.equal([1, 2, 3, 4, 5, 6, 7, 8, undefined, 'x'].map(availability), ['none', 'pending', 'processing', 'partial', 'available', 'blocklisted', 'deleted', 'unknown', 'none', 'unknown']);
  assert.equal(['AVAILABLE', 'PARTIALLY_AVAILABLE', 'BLACKLISTED', 'BLOCKLISTED', 'DELETED', 'WHATEVER'].map(availabilityFromName), ['available', 'partial', 'blocklisted', 'blocklisted', 'deleted', 'unknown']);
});

test('a request state joins its own status and, once approved, how far its media got', () => {
  assert.is(requestState(1, 2), 'pending');
  assert.is(requestState(2, 2), 'approved');
  assert.is(requestState(2, 3), 'processing');
  assert.is(requestState(2, 4), 'partial');
  assert.is(requestState(2, 5), 'available');
  assert.is(requestState(3, 2), 'declined');
  assert.is(requestState(4, 3), 'failed');
  assert.is(requestState(5, 5), 'available', "Seerr's COMPLETED once the media is there");
  assert.is(requestState(5, 7), 'completed', 'Seerr: completed, media since deleted');
  assert.is(requestState(9, 5), 'unknown');
});

test('quotas in words', () => {
  assert.is(quotaLine({ limit: 5, used: 3, remaining: 2, days: 7 }, 'film'), '2 of 5 film requests left this week');
  assert.is(quotaLine({ limit: 0, used: 0 }, 'show'), undefined, 'no limit, no line');
  assert.is(quotaLine({ limit: 3, used: 5, days: 1 }, 'show'), '0 of 3 show requests left today');
  assert.is(period(3), 'in any 3 days');
  assert.is(quotaRefusal({ tv: { limit: 2, days: 30 } }, 'tv'), 'You have used your 2 show requests this month; ask an admin if you need more');
  assert.is(quotaRefusal(undefined, 'movie'), 'You have used all your film requests for now; ask an admin if you need more');
});

test.run();
