// The repository address outputs name (SARIF versionControlProvenance): a URI, never with credentials.
import { describe, expect, it } from 'vitest';
import { publicUri, remoteUrl } from '../../src/git/remote.js';
import { TestRepo } from '../helpers/repo.js';

describe('publicUri', () => {
  it('removes user information a CI runner puts into the URL', () => {
    expect(publicUri('https://gitlab-ci-token:glcbt-secret@gitlab.com/acme/app.git')).toBe(
      'https://gitlab.com/acme/app.git',
    );
    expect(publicUri('https://x-access-token:ghs_abc@github.com/acme/app')).toBe('https://github.com/acme/app');
  });

  it('turns scp-like ssh addresses into ssh URIs and leaves local paths out', () => {
    expect(publicUri('git@github.com:acme/app.git')).toBe('ssh://github.com/acme/app.git');
    expect(publicUri('/srv/git/app.git')).toBeNull();
    expect(publicUri('file:///srv/git/app.git')).toBeNull();
  });
});

describe('remoteUrl', () => {
  it('prefers origin, falls back to the first remote, and is null without one', async () => {
    const repo = TestRepo.create();
    try {
      expect(await remoteUrl(repo.path)).toBeNull();
      repo.git('remote', 'add', 'upstream', 'https://example.com/up.git');
      expect(await remoteUrl(repo.path)).toBe('https://example.com/up.git');
      repo.git('remote', 'add', 'origin', 'https://user:pw@example.com/origin.git');
      expect(await remoteUrl(repo.path)).toBe('https://example.com/origin.git');
    } finally {
      repo.cleanup();
    }
  });
});
