import { USERNAME_MESSAGE } from '@medianest/sdk';
import { USERNAME } from './users.js';

/** Schema nodes of account fields, with the words a person sees when one is wrong. */
export const usernameField = {
  type: 'string',
  minLength: 2,
  maxLength: 32,
  pattern: USERNAME.source,
  title: 'Username',
  description: 'Letters, digits, dots, dashes or underscores; starts with a letter or digit',
  errorMessage: {
    pattern: `${USERNAME_MESSAGE}, starting with a letter or digit`,
    minLength: 'Use at least 2 characters',
    maxLength: 'Use at most 32 characters',
    type: USERNAME_MESSAGE,
  },
};

export const passwordField = {
  type: 'string',
  minLength: 10,
  maxLength: 256,
  title: 'Password',
  errorMessage: { minLength: 'Use at least 10 characters: a few words you can remember work well', maxLength: 'Use at most 256 characters', type: 'Enter a password' },
};

/** Optional: an empty display name is sent as absent by the UI, and "" is treated as absent here too. */
export const displayNameField = {
  type: 'string',
  maxLength: 64,
  title: 'Display name',
  errorMessage: { maxLength: 'Use at most 64 characters' },
};
