/** Where a demo says what it is doing: a person reads the steps, a script reads the JSON line. */
export interface DemoReporter {
  step(line: string): void;
  /** The command that draws a flow the demo ran, from its histories (`etom trace`). */
  draw(workflowId: string, what: string): void;
}

export function consoleReporter(stream: NodeJS.WritableStream = process.stderr): DemoReporter {
  const step = (line: string) => stream.write(`  ${line}\n`);
  return { step, draw: (id, what) => step(`  draw ${what}: npx etom trace ${id} --format mermaid`) };
}
