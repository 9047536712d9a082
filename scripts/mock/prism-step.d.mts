export function prismStep(options: {
  specPath: string;
  mode?: 'simulator' | 'examples';
  alarm?: (line: string) => void;
  tamper?: (response: Response) => Promise<Response>;
}): Promise<import('../../src/mock-server/index.js').MockStep>;
