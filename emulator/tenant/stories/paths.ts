/** Where the story's files live on disk (fileDetails.filePath is the folder; hunting FolderPath adds the name). */
export const PATHS = {
  outlookCache: (user: string) => `C:\\Users\\${user}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\K2J8QX4M`,
  temp: (user: string) => `C:\\Users\\${user}\\AppData\\Local\\Temp`,
  downloads: (user: string) => `C:\\Users\\${user}\\Downloads`,
  system32: 'C:\\Windows\\System32',
  windows: 'C:\\Windows',
  windowsTemp: 'C:\\Windows\\Temp',
  powershell: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0',
  tools: 'C:\\Tools',
  bin: '/usr/bin',
} as const;
