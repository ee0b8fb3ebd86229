// Entry point of the `sitediff` command line: dispatches to one module per subcommand.
type Command = { run(args: string[]): Promise<number>; summary: string };

const commands: Record<string, () => Promise<Command>> = {
  detect: () => import('./detect.ts').then((m) => m.detectCommand),
  info: () => import('./info.ts').then((m) => m.infoCommand),
  measure: () => import('./measure.ts').then((m) => m.measureCommand),
};

function usage(): string {
  const lines = Object.keys(commands).map((name) => `  sitediff ${name} ...`);
  return ['usage:', ...lines, '  sitediff help'].join('\n');
}

export async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 1;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`sitediff: unknown command "${name}"\n${usage()}\n`);
    return 1;
  }
  const command = await load();
  return command.run(rest);
}
