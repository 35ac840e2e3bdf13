// Reads [{alg, kid?, key, claims}] as JSON on stdin and prints the signed tokens as a JSON array.
// key: the secret text for HS*, a PKCS#8 PEM private key for RS*/ES*.
import { SignJWT, importPKCS8 } from 'jose';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const requests = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const tokens = [];
for (const { alg, kid, key, claims } of requests) {
  const signingKey = alg.startsWith('HS') ? new TextEncoder().encode(key) : await importPKCS8(key, alg);
  const header = kid ? { alg, kid, typ: 'JWT' } : { alg, typ: 'JWT' };
  tokens.push(await new SignJWT(claims).setProtectedHeader(header).sign(signingKey));
}
process.stdout.write(JSON.stringify(tokens));
