import { generate } from 'selfsigned';

export interface EmulatorCertificate {
  cert: string;
  key: string;
}

/** A fresh certificate for 127.0.0.1 and localhost, made at start-up and never written to the repository. */
export async function generateCertificate(): Promise<EmulatorCertificate> {
  const now = Date.now();
  const result = await generate([{ name: 'commonName', value: 'defender-chatops emulator' }], {
    keyType: 'ec',
    curve: 'P-256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + 30 * 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { cert: result.cert, key: result.private };
}
