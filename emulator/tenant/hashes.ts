/** Every file of the story, with the hashes that evidence, hunting rows, file profiles and indicators share. */
export interface DemoFileHashes {
  fileName: string;
  sha1: string | null;
  sha256: string;
  md5: string | null;
  size: number;
}

export const FILES = {
  /** Email attachment that user1 and user5 opened (Nemucod JS downloader). */
  invoiceJs: {
    fileName: 'invoice.js',
    sha1: '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12',
    sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    md5: 'd41d8cd98f00b204e9800998ecf8427e',
    size: 24_311,
  },
  /** Second stage dropped by invoice.js on ws-042 and ws-017; beacons to the C2. */
  payloadExe: {
    fileName: 'payload.exe',
    sha1: 'fef6e94edc1598680407efd8d9bba59a4d8e51af',
    sha256: 'd7c725f52dfb24b975fdbbf97949179b339d2598b254f7b3723780c122912175',
    md5: '623b0ddc4c01f418f41a88e59a224e01',
    size: 318_464,
  },
  /** Ransomware binary: ran on srv-fin-01, prevented on srv-file-02. */
  ransomware: {
    fileName: 'svcupdate.exe',
    sha1: 'df3ff71494698150f7fc1fb674c8ea580e1e7366',
    sha256: '2e41a0309b5fd391f645c72e4b202ee14b1ba534076d400e3942e85a6466971e',
    md5: 'e5ee3863b360f05aea50f6c285dd71ff',
    size: 1_204_736,
  },
  mimikatz: {
    fileName: 'mimikatz.exe',
    sha1: 'fb96d6fa67adf31b1929b6fc938ef39b08cc736f',
    sha256: '5f3421dd831e6b1163a9ba94d13fd59f29d07c34e537f0bbc0e1cb1dffa8fc50',
    md5: '0d5929319762a8264f3c135ee6c33d3c',
    size: 1_355_680,
  },
  /** Signed potentially-unwanted installer. */
  fusionCore: {
    fileName: 'FusionCoreInstaller.exe',
    sha1: 'ad65b77e892708534fa38b2e780ca0d144f9403d',
    sha256: '0d63797fec16f109cbed37d184cc2e80eefca3dfcc94a041e21cd25c369ca043',
    md5: 'a2892ae63c02a1067e9a64496b0deb0d',
    size: 4_718_592,
  },
  psexec: {
    fileName: 'PsExec64.exe',
    sha1: '2518fbda10ebf1313221390d46d277bec8ba78d1',
    sha256: '5235700b5f1d64b845954de06e6d0ac0f0a3b2c2699568630b04528cd20e04ca',
    md5: '64b1b01dce82bd07c28171614907f69c',
    size: 833_472,
  },
  psexesvc: {
    fileName: 'PSEXESVC.exe',
    sha1: '8b4cdac15f1a22e7734799da2af5d661ce323823',
    sha256: '2a5d2cc7d48d291306d3a620527a0b0fdd34d72ea469e52587cc6e43086c63f8',
    md5: '28140082650c8ef91858474c628422c5',
    size: 401_816,
  },
  wscript: {
    fileName: 'wscript.exe',
    sha1: 'd8ab1f474a317aa3fd4e351d33d444620d05f8e0',
    sha256: 'f09818364c19f7e3f4e3ece09b663f7a33af4688d68779ab1a686bd380b4b2a2',
    md5: '641c65dfb1616ebda44cf83c846d28c9',
    size: 168_448,
  },
  powershell: {
    fileName: 'powershell.exe',
    sha1: '2d03d6be5d742d243078bf285330b5a788240168',
    sha256: 'b17e2cd4ca49cab4f5f39c6a0e660559a6c5292470951f79924bcbae2d0e7d29',
    md5: '2dd306badf10c05cd52382ed9629c5ab',
    size: 455_680,
  },
  schtasks: {
    fileName: 'schtasks.exe',
    sha1: '91b55266f9e5ec6ea43ccbdf4ceb49f61acc6f75',
    sha256: '3edfbb6c7a0d6238638b1ec2ad693c854b89db967f7aabf0ef3b8023e20147be',
    md5: '6d54286ff8ec08841cf9e37df5908493',
    size: 235_008,
  },
  bash: {
    fileName: 'bash',
    sha1: '6832f1ca67af52dce8fc630b7141d73455b9b22b',
    sha256: '72e927e16884288a0abab528558c1dfe04850aff84dd133a7932875c8d4ee00e',
    md5: 'd3e1d56b2cc5dcd946fd8a85b9da8c4b',
    size: 1_396_520,
  },
  /**
   * Blocked mail attachment known to Defender for Office 365 only by SHA-256: it has no MDE file profile
   * (files/{sha256} answers 404), which is the "not seen on any device" path.
   */
  statementPdfExe: {
    fileName: 'statement.pdf.exe',
    sha1: null,
    sha256: 'e50cc879489fe6ed485878913027d672b812408d58d0f68d63ba642df2cf4562',
    md5: null,
    size: 611_328,
  },
} as const satisfies Record<string, DemoFileHashes>;

export type FileKey = keyof typeof FILES;

export interface FileSignature {
  signer: string;
  issuer: string;
  publisher: string;
  product: string;
  signerHash: string;
  isValidCertificate: boolean;
}

const MICROSOFT_WINDOWS: FileSignature = {
  signer: 'Microsoft Windows',
  issuer: 'Microsoft Windows Production PCA 2011',
  publisher: 'Microsoft Corporation',
  product: 'Microsoft® Windows® Operating System',
  signerHash: '84ec67b9ac9d7789bab500503a7862173f432adb',
  isValidCertificate: true,
};

const SYSINTERNALS: FileSignature = {
  signer: 'Microsoft Corporation',
  issuer: 'Microsoft Code Signing PCA 2011',
  publisher: 'Sysinternals - www.sysinternals.com',
  product: 'Sysinternals PsExec',
  signerHash: 'a4341b9fd50fb9964283220a36a1ef6f6faa7840',
  isValidCertificate: true,
};

export const SIGNATURES: Partial<Record<FileKey, FileSignature>> = {
  fusionCore: {
    signer: 'FusionCore Software Ltd',
    issuer: 'Sectigo Public Code Signing CA R36',
    publisher: 'FusionCore Software Ltd',
    product: 'FusionCore Installer',
    signerHash: 'dbcb8557513144012f098333e392679f137ffc76',
    isValidCertificate: true,
  },
  psexec: SYSINTERNALS,
  psexesvc: SYSINTERNALS,
  wscript: MICROSOFT_WINDOWS,
  powershell: MICROSOFT_WINDOWS,
  schtasks: MICROSOFT_WINDOWS,
};
