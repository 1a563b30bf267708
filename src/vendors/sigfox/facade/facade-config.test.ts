import { describe, expect, it } from 'vitest';
import { useFacadeFixture } from '../testing/facade-fixture.ts';

const f = useFacadeFixture();

describe('Sigfox API v1 facade: access and configuration', () => {
  it('asks for HTTP Basic and refuses other or regenerated credentials', async () => {
    expect((await f.api('/devicetypes', { auth: null })).status).toBe(401);
    const wrong = await f.api('/devicetypes', { auth: `Basic ${Buffer.from('a:b').toString('base64')}` });
    expect(wrong).toEqual({
      status: 401,
      body: { message: 'the credentials are unknown or were regenerated' },
    });
    expect((await f.api('/devicetypes')).status).toBe(200);
    await f.regenerate();
    expect((await f.api('/devicetypes')).status).toBe(401);
  });

  it('lists, shows and edits device types, refusing invalid fields with the field named', async () => {
    const list = await f.api('/devicetypes');
    expect(list.body.data).toEqual([
      {
        id: String(f.typeId),
        name: 'trackers',
        group: String(f.src.group.id),
        description: '',
        keepAlive: 30,
        payloadType: 'None',
        downlinkMode: 0,
      },
    ]);
    const edit = (body: object) =>
      f.api('/devicetypes/edit', { method: 'POST', body: { id: String(f.typeId), ...body } });
    expect(
      (
        await edit({
          payloadType: 'Custom',
          payloadConfig: 'temp::int:16 n::uint:8',
          downlinkMode: 0,
          downlinkDataString: 'DEADBEEFCAFEBABE',
        })
      ).status,
    ).toBe(200);
    const info = await f.api(`/devicetypes/${f.typeId}`);
    expect(info.body).toMatchObject({
      payloadType: 'Custom',
      payloadConfig: 'temp::int:16 n::uint:8',
      downlinkDataString: 'deadbeefcafebabe',
    });
    const bad = await edit({ payloadConfig: 'temp::int:12' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('payloadConfig: field 1 "temp::int:12"');
    expect((await edit({ keepAlive: 10 })).body.message).toBe(
      'keepAlive: must be 0 (off) or at least 30 minutes',
    );
    const short = await edit({ downlinkDataString: 'abc' });
    expect(short).toEqual({
      status: 400,
      body: { message: 'downlinkDataString: "abc" is not whole bytes of hexadecimal' },
    });
    expect((await edit({ downlinkDataString: '{time}{snr}0000' })).body.message).toMatch(
      /^downlinkDataString: unknown variable \{snr\}/,
    );
    expect((await edit({ downlinkMode: 2 })).body.message).toBe(
      'downlinkMode: must be 0 (direct) or 1 (callback)',
    );
    // Variables keep the 8 bytes: the document's downlink variables are accepted.
    expect((await edit({ downlinkMode: 0, downlinkDataString: '{time}{rssi}{tapId}' })).status).toBe(200);
    expect((await f.api(`/devicetypes/${f.typeId}`)).body.downlinkDataString).toBe('{time}{rssi}{tapId}');
    // Another group's type is answered as a type that does not exist: ids cannot be probed.
    const nobodys = await f.api('/devicetypes/999');
    const foreign = await f.t.storage.createDeviceType({ groupId: f.src.root.id, name: 'root type' });
    const theirs = await f.api(`/devicetypes/${foreign.id}`);
    expect([nobodys.status, theirs.status]).toEqual([404, 404]);
    expect(theirs.body.message.replace(String(foreign.id), 'ID')).toBe(
      nobodys.body.message.replace('999', 'ID'),
    );
  });

  it('creates, lists, enables, selects for downlink and deletes callbacks', async () => {
    const created = await f.api(`/devicetypes/${f.typeId}/callbacks/new`, {
      method: 'POST',
      body: [
        {
          channel: 'URL',
          callbackType: 0,
          callbackSubtype: 3,
          url: `${f.userUrl}/bidir`,
          httpMethod: 'POST',
          enabled: true,
        },
        {
          channel: 'BATCH_URL',
          callbackType: 0,
          callbackSubtype: 2,
          url: `${f.userUrl}/batch`,
          linePattern: '{device};{data};',
        },
        {
          channel: 'EMAIL',
          callbackType: 2,
          subject: '{device}',
          recipient: 'ops@example.test',
          message: '{info}',
        },
      ],
    });
    expect(created.status).toBe(200);
    const [bidir, batch, email] = created.body as string[];
    expect(
      (await f.api(`/devicetypes/${f.typeId}/callbacks/${bidir}/downlink`, { method: 'POST' })).status,
    ).toBe(200);
    expect(
      (await f.api(`/devicetypes/${f.typeId}/callbacks/${batch}/downlink`, { method: 'POST' })).status,
    ).toBe(400);
    expect(
      (await f.api(`/devicetypes/${f.typeId}/callbacks/${batch}/enable?enabled=false`, { method: 'POST' }))
        .status,
    ).toBe(200);
    const listed = await f.api(`/devicetypes/${f.typeId}/callbacks`);
    expect(listed.body.data).toMatchObject([
      { id: bidir, channel: 'URL', callbackType: 0, callbackSubtype: 3, downlinkHook: true, dead: false },
      {
        id: batch,
        channel: 'BATCH_URL',
        enabled: false,
        linePattern: '{device};{data};',
        httpMethod: 'POST',
      },
    ]);
    expect(listed.body.error).toMatchObject([{ id: email, channel: 'EMAIL', recipient: 'ops@example.test' }]);
    expect((await f.api(`/devicetypes/${f.typeId}/callbacks`, { method: 'POST' })).body).toEqual(listed.body);
    expect(
      (await f.api(`/devicetypes/${f.typeId}/callbacks/${email}/delete`, { method: 'POST' })).status,
    ).toBe(200);
    expect(
      (await f.api(`/devicetypes/${f.typeId}/callbacks/${email}/delete`, { method: 'POST' })).status,
    ).toBe(404);
    const invalid = await f.api(`/devicetypes/${f.typeId}/callbacks/new`, {
      method: 'POST',
      body: [{ channel: 'URL', callbackType: 1, callbackSubtype: 3, url: 'http://a.test' }],
    });
    expect(invalid).toEqual({
      status: 400,
      body: { message: 'callback 0: callbackSubtype: 3 is not valid for callbackType 1' },
    });
  });
});
