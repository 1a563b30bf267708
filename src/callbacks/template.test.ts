import { describe, expect, it } from 'vitest';
import { renderRequest } from './request.ts';
import { renderTemplate, templateVariables } from './template.ts';

describe('callback templates', () => {
  const vars = { device: '00A1', data: 'a b&c', 'customData#t': 21.5, snr: null };

  it('substitutes known variables and leaves JSON braces and unknown names alone', () => {
    expect(renderTemplate('{"d":"{device}","t":{customData#t},"x":"{nope}"}', vars)).toBe(
      '{"d":"00A1","t":21.5,"x":"{nope}"}',
    );
    expect(renderTemplate('{snr}|{data}', vars, 'url')).toBe('|a%20b%26c');
    expect(renderTemplate('"{data}"', { data: 'say "hi"\n' }, 'json')).toBe('"say \\"hi\\"\\n"');
    expect(templateVariables('{device} {customData#t} {"x":1}')).toEqual(['device', 'customData#t']);
  });

  it('renders a form body by default and encodes URL variables', () => {
    const req = renderRequest('url', { url: 'http://h.test/cb?id={device}&d={data}', method: 'POST' }, vars);
    expect(req).toEqual({
      channel: 'url',
      method: 'POST',
      url: 'http://h.test/cb?id=00A1&d=a%20b%26c',
      headers: {},
      body: 'device=00A1&data=a+b%26c&customData%23t=21.5',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(
      renderRequest(
        'url',
        { url: 'http://h.test', method: 'GET', bodyTemplate: 'x', headers: { t: '{device}' } },
        vars,
      ),
    ).toMatchObject({ body: null, contentType: null, headers: { t: '00A1' } });
  });
});
