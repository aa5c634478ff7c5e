// The GraphQL-over-HTTP conformance audit (graphql-http's serverAudits)
// against a running PLP: node graphql-http-audit.mjs http://127.0.0.1:8080/query
// Exits 1 unless every audit passes; prints each one that does not.
import { serverAudits } from 'graphql-http';

const url = process.argv[2] ?? 'http://127.0.0.1:8080/query';
const audits = serverAudits({ url });
let ok = 0;
const failed = [];
for (const audit of audits) {
  const result = await audit.fn();
  if (result.status === 'ok') {
    ok++;
    continue;
  }
  let detail = result.reason;
  if (result.response) {
    const body = await result.response.text().catch(() => '');
    detail += `\n    status ${result.response.status}, content-type ${result.response.headers.get('content-type')}, body ${body.slice(0, 300)}`;
  }
  failed.push(`${result.status.toUpperCase()} ${audit.id} ${audit.name}\n    ${detail}`);
}
for (const f of failed) console.log(f);
console.log(`graphql-http audit: ${ok}/${audits.length} passed`);
process.exit(ok === audits.length ? 0 : 1);
