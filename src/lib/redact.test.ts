import { describe, expect, it } from 'vitest';
import { redactText, redactUrl } from './redact.ts';

describe('redactUrl', () => {
  it('hides the values of secret-bearing query parameters and keeps the rest as sent', () => {
    expect(redactUrl('/ingest/osmand?id=abc&token=dev_s3cret&lat=1')).toBe(
      '/ingest/osmand?id=abc&token=[redacted]&lat=1',
    );
    expect(redactUrl('/compat/spot/feed/X/message.json?feedPassword=hunter2&start=51')).toBe(
      '/compat/spot/feed/X/message.json?feedPassword=[redacted]&start=51',
    );
    expect(redactUrl('/x?API_TOKEN=a&Secret=b&auth=c')).toBe(
      '/x?API_TOKEN=[redacted]&Secret=[redacted]&auth=[redacted]',
    );
  });

  it('finds a parameter name sent percent-encoded', () => {
    expect(redactUrl('/x?%74oken=abc')).toBe('/x?%74oken=[redacted]');
  });

  it('hides the password of a URL with user info', () => {
    expect(redactUrl('postgres://app:pa55@db:5432/x?token=t')).toBe(
      'postgres://app:[redacted]@db:5432/x?token=[redacted]',
    );
  });

  it('leaves URLs without secrets, fragments and malformed escapes alone', () => {
    expect(redactUrl('/api/v1/devices?limit=5#top')).toBe('/api/v1/devices?limit=5#top');
    expect(redactUrl('/x?%zz=1')).toBe('/x?%zz=1');
    expect(redactUrl('/x')).toBe('/x');
  });

  it('redacts secrets quoted anywhere in a message', () => {
    expect(
      redactText(
        'GET https://api.example/feed?id=1&feedPassword=hunter2 answered 500; retry ?token=abc later',
      ),
    ).toBe(
      'GET https://api.example/feed?id=1&feedPassword=[redacted] answered 500; retry ?token=[redacted] later',
    );
  });
});
