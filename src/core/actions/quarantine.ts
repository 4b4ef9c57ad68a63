import { fileProfile, sha1OfFile } from '../../defender/response-targets';
import { deviceAction } from './device-action';
import { splitReason } from './typed';

const HASH = /^([0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/i;

const base = deviceAction({
  name: 'quarantine',
  title: 'Stop and quarantine file',
  noun: 'quarantine',
  description: 'Stop and quarantine a file on a device by its hash. Needs the responder role',
  inManifest: true,
  onCards: true,
  permission: 'Machine.StopAndQuarantine',
  machineActionType: 'StopAndQuarantineFile',
  disruptive: true,
  approvalByDefault: true,
  enabled: (c) => c.actions.fileQuarantine,
  // Defender quarantines by SHA1: found from the file profile (SHA256) or the device's file events (MD5).
  extra: async (ctx, _device, params) => {
    const sha1 = params.sha1 ?? (await sha1OfFile(ctx.defender, { sha256: params.sha256, md5: params.md5 }));
    if (!sha1)
      return {
        refused: {
          tone: 'warning',
          title: 'File not known to Defender',
          text: `No SHA1 could be found for ${params.sha256 ?? params.md5 ?? 'the file'}: Defender quarantines by SHA1.`,
        },
      };
    const file = await fileProfile(ctx.defender, sha1);
    return {
      params: { sha1, fileName: params.fileName ?? file?.sha256 ?? sha1 },
      facts: [
        { title: 'File SHA1', value: sha1 },
        { title: 'Global prevalence', value: String(file?.globalPrevalence ?? 'unknown') },
        { title: 'Signer', value: file?.signer ?? 'unsigned' },
      ],
      warnings: file?.signer && /microsoft/i.test(file.signer) ? ['The file is signed by Microsoft: Defender will refuse to quarantine it.'] : [],
    };
  },
  send: (endpoint, machineId, comment, params) => endpoint.stopAndQuarantineFile(machineId, params.sha1 ?? '', comment),
});

/** Stop a running file and quarantine it on a device (Defender for Endpoint stop-and-quarantine-file, by SHA1). */
export const quarantine: typeof base = {
  ...base,
  usage: 'quarantine <SHA1, SHA256 or MD5> on <device> because <reason>',
  parseText(text) {
    const { words, reason } = splitReason(text);
    const on = words.findIndex((w) => w.toLowerCase() === 'on');
    const hash = words[0];
    const device = on > 0 ? words[on + 1] : undefined;
    if (!hash || !device || !HASH.test(hash)) return { error: 'Write: quarantine <SHA1, SHA256 or MD5> on <device> because <reason>' };
    const kind = hash.length === 40 ? 'sha1' : hash.length === 64 ? 'sha256' : 'md5';
    return { params: { [kind]: hash.toLowerCase(), deviceName: device }, prefill: { reason } };
  },
  cardTitle: (params) => `Stop and quarantine file ${params.fileName ?? params.sha1 ?? ''} on ${params.deviceName ?? params.machineId ?? ''}`,
};
