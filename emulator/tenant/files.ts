import type { MdeFile } from '../../src/defender/types';
import { FILES, SIGNATURES, type FileKey } from './hashes';
import type { Clock, Offset } from './time';

interface Profile {
  key: FileKey;
  fileType: string;
  isPeFile: boolean;
  globalPrevalence: number;
  firstObserved: Offset;
  lastObserved: Offset;
  determinationType: 'Malware' | 'Pua' | 'Clean' | 'Unknown';
  determinationValue: string | null;
}

/** Files Defender for Endpoint knows; statement.pdf.exe is deliberately absent (files/{sha256} -> 404). */
const PROFILES: Profile[] = [
  {
    key: 'invoiceJs',
    fileType: 'JavaScript',
    isPeFile: false,
    globalPrevalence: 1_243,
    firstObserved: { d: 9, h: 4 },
    lastObserved: { h: 2 },
    determinationType: 'Malware',
    determinationValue: 'Trojan:JS/Nemucod.A',
  },
  {
    key: 'payloadExe',
    fileType: 'PortableExecutable',
    isPeFile: true,
    globalPrevalence: 87,
    firstObserved: { d: 11 },
    lastObserved: { h: 5 },
    determinationType: 'Malware',
    determinationValue: 'Backdoor:Win64/CobaltStrike.NP!dha',
  },
  {
    key: 'ransomware',
    fileType: 'PortableExecutable',
    isPeFile: true,
    globalPrevalence: 14,
    firstObserved: { d: 5, h: 7 },
    lastObserved: { d: 1, h: 3 },
    determinationType: 'Malware',
    determinationValue: 'Ransom:Win64/LockBit.PA!MTB',
  },
  {
    key: 'mimikatz',
    fileType: 'PortableExecutable',
    isPeFile: true,
    globalPrevalence: 184_220,
    firstObserved: { d: 3_650 },
    lastObserved: { m: 40 },
    determinationType: 'Malware',
    determinationValue: 'HackTool:Win32/Mimikatz.D',
  },
  {
    key: 'fusionCore',
    fileType: 'PortableExecutable',
    isPeFile: true,
    globalPrevalence: 52_118,
    firstObserved: { d: 412 },
    lastObserved: { h: 1 },
    determinationType: 'Pua',
    determinationValue: 'PUA:Win32/FusionCore',
  },
  {
    key: 'psexec',
    fileType: 'PortableExecutable',
    isPeFile: true,
    globalPrevalence: 2_871_004,
    firstObserved: { d: 1_020 },
    lastObserved: { m: 12 },
    determinationType: 'Clean',
    determinationValue: null,
  },
  {
    key: 'psexesvc',
    fileType: 'PortableExecutable',
    isPeFile: true,
    globalPrevalence: 1_950_332,
    firstObserved: { d: 1_020 },
    lastObserved: { m: 15 },
    determinationType: 'Clean',
    determinationValue: null,
  },
  {
    key: 'wscript',
    fileType: 'PortableExecutable',
    isPeFile: true,
    globalPrevalence: 98_311_457,
    firstObserved: { d: 760 },
    lastObserved: { m: 11 },
    determinationType: 'Clean',
    determinationValue: null,
  },
  {
    key: 'powershell',
    fileType: 'PortableExecutable',
    isPeFile: true,
    globalPrevalence: 131_004_882,
    firstObserved: { d: 760 },
    lastObserved: { m: 11 },
    determinationType: 'Clean',
    determinationValue: null,
  },
  {
    key: 'schtasks',
    fileType: 'PortableExecutable',
    isPeFile: true,
    globalPrevalence: 120_551_309,
    firstObserved: { d: 760 },
    lastObserved: { m: 11 },
    determinationType: 'Clean',
    determinationValue: null,
  },
  {
    key: 'bash',
    fileType: 'ELF',
    isPeFile: false,
    globalPrevalence: 3_412_977,
    firstObserved: { d: 880 },
    lastObserved: { m: 13 },
    determinationType: 'Clean',
    determinationValue: null,
  },
];

export function buildFiles(clock: Clock): MdeFile[] {
  return PROFILES.map((p) => {
    const file = FILES[p.key];
    const signature = SIGNATURES[p.key];
    if (!file.sha1) throw new Error(`demo tenant: MDE file ${file.fileName} needs a SHA-1`);
    return {
      sha1: file.sha1,
      sha256: file.sha256,
      md5: file.md5,
      globalPrevalence: p.globalPrevalence,
      globalFirstObserved: clock.ago(p.firstObserved),
      globalLastObserved: clock.ago(p.lastObserved),
      size: file.size,
      fileType: p.fileType,
      isPeFile: p.isPeFile,
      filePublisher: signature?.publisher ?? null,
      fileProductName: signature?.product ?? null,
      signer: signature?.signer ?? null,
      issuer: signature?.issuer ?? null,
      signerHash: signature?.signerHash ?? null,
      isValidCertificate: signature ? signature.isValidCertificate : null,
      determinationType: p.determinationType,
      determinationValue: p.determinationValue,
    };
  });
}
