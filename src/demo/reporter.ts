/** Where a demo says what it is doing: a person reads the steps, a script reads the JSON line. */
export interface DemoReporter {
  step(line: string): void;
}

export function consoleReporter(stream: NodeJS.WritableStream = process.stderr): DemoReporter {
  return { step: (line) => stream.write(`  ${line}\n`) };
}
