// Validates docs/events/asyncapi.json with the AsyncAPI project's own parser (@asyncapi/parser, from npm): the
// document must parse with no error-level diagnostic. Run by .ci/check-deploy.
import { Parser } from '@asyncapi/parser';
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const { document, diagnostics } = await new Parser().parse(readFileSync(file, 'utf8'));
const errors = diagnostics.filter((d) => d.severity === 0);
for (const d of diagnostics) {
  console.log(`[check-events] ${['error', 'warning', 'info', 'hint'][d.severity]} ${d.code}: ${d.message} at ${d.path.join('/')}`);
}
if (!document || errors.length > 0) {
  console.error(`[check-events] FAILED: ${file}: ${errors.length} error(s)`);
  process.exit(1);
}
console.log(`[check-events] ${file}: AsyncAPI ${document.version()}, ${document.channels().length} channels, ${document.messages().length} messages, 0 errors`);
