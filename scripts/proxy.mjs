#!/usr/bin/env node
// nginx in front of one or more Kongress instances (deploy/nginx/kongress-site.conf).
//   npm run proxy -- [--upstream 127.0.0.1:3000 …] [--https-port 8443] [--http-port 8080]
//       runs Debian's nginx in the foreground from .tmp/proxy/, with a self-signed certificate made here for
//       localhost and this machine's network addresses (so phones in the local network can use the camera)
//   npm run proxy -- --render --server-name kongress.example.org --certificate … --certificate-key … [--upstream …]
//       prints the site file for /etc/nginx/sites-available/ (docs/deployment.md)
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TEMPLATE = path.join(root, "deploy", "nginx", "kongress-site.conf");

/** The site file with every {{…}} filled in; refuses to leave one open. */
export function renderSite({ upstreams, serverName, httpsPort, httpPort, certificate, certificateKey }) {
  const values = {
    UPSTREAMS: upstreams.map((address) => `    server ${address} max_fails=3 fail_timeout=10s;`).join("\n"),
    SERVER_NAME: serverName,
    HTTPS_PORT: String(httpsPort),
    HTTP_PORT: String(httpPort),
    HTTPS_PORT_SUFFIX: Number(httpsPort) === 443 ? "" : `:${httpsPort}`,
    CERTIFICATE: certificate,
    CERTIFICATE_KEY: certificateKey,
  };
  const site = readFileSync(TEMPLATE, "utf8").replace(/\{\{(\w+)\}\}/g, (_, name) => {
    if (!(name in values)) throw new Error(`${TEMPLATE}: no value for {{${name}}}`);
    return values[name];
  });
  return site;
}

/** The machine's own addresses, for the certificate: a phone reaches the laptop at one of these. */
export function localAddresses() {
  return Object.values(networkInterfaces())
    .flat()
    .filter((entry) => entry && !entry.internal && entry.family === "IPv4")
    .map((entry) => entry.address);
}

/** A self-signed certificate for localhost and the local addresses, kept in `dir` and reused while it is valid. */
export function selfSignedCertificate(dir) {
  const certificate = path.join(dir, "certificate.pem");
  const certificateKey = path.join(dir, "certificate-key.pem");
  if (existsSync(certificate) && spawnSync("openssl", ["x509", "-checkend", "86400", "-noout", "-in", certificate]).status === 0) {
    return { certificate, certificateKey };
  }
  const names = ["DNS:localhost", "IP:127.0.0.1", "IP:::1", ...localAddresses().map((address) => `IP:${address}`)];
  const made = spawnSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "397",
      "-subj",
      "/CN=Kongress (local)",
      "-addext",
      `subjectAltName=${names.join(",")}`,
      "-keyout",
      certificateKey,
      "-out",
      certificate,
    ],
    { encoding: "utf8" },
  );
  if (made.status !== 0) throw new Error(`openssl could not make the certificate:\n${made.stderr}`);
  return { certificate, certificateKey };
}

/** A complete nginx.conf for running nginx as this user from `dir` (pid, logs and temp files inside it). */
export function localNginxConfig(dir, site) {
  return `# Written by scripts/proxy.mjs; the site itself is deploy/nginx/kongress-site.conf.
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path ${dir}/body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
${site}
}
`;
}

export const nginxBinary = () => ["/usr/sbin/nginx", "/usr/bin/nginx"].find((candidate) => existsSync(candidate)) ?? null;

/** Writes the configuration into `dir` and starts nginx in the foreground; resolves once it answers. */
export async function startProxy({ dir, upstreams, httpsPort, httpPort }) {
  const binary = nginxBinary();
  if (!binary) throw new Error("nginx is not installed (Debian: apt-get install nginx-light)");
  mkdirSync(dir, { recursive: true });
  const site = renderSite({ upstreams, serverName: "_", httpsPort, httpPort, ...selfSignedCertificate(dir) });
  const config = path.join(dir, "nginx.conf");
  writeFileSync(config, localNginxConfig(dir, site));
  const test = spawnSync(binary, ["-t", "-q", "-p", dir, "-c", config], { encoding: "utf8" });
  if (test.status !== 0) throw new Error(`nginx refuses the configuration:\n${test.stderr}`);
  const nginx = spawn(binary, ["-p", dir, "-c", config, "-g", "daemon off;"], { stdio: ["ignore", "inherit", "inherit"] });
  for (let attempt = 0; attempt < 50; attempt++) {
    if (existsSync(path.join(dir, "nginx.pid"))) return nginx;
    if (nginx.exitCode !== null) throw new Error(`nginx stopped at once (exit ${nginx.exitCode}); see ${dir}/error.log`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return nginx;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      upstream: { type: "string", multiple: true },
      "https-port": { type: "string", default: "8443" },
      "http-port": { type: "string", default: "8080" },
      render: { type: "boolean", default: false },
      "server-name": { type: "string" },
      certificate: { type: "string" },
      "certificate-key": { type: "string" },
    },
  });
  const upstreams = values.upstream?.length ? values.upstream : ["127.0.0.1:3000"];
  if (values.render) {
    if (!values["server-name"] || !values.certificate || !values["certificate-key"]) {
      console.error("--render needs --server-name, --certificate and --certificate-key");
      process.exit(2);
    }
    const httpsPort = values["https-port"] === "8443" ? "443" : values["https-port"];
    const httpPort = values["http-port"] === "8080" ? "80" : values["http-port"];
    process.stdout.write(
      renderSite({
        upstreams,
        serverName: values["server-name"],
        httpsPort,
        httpPort,
        certificate: values.certificate,
        certificateKey: values["certificate-key"],
      }),
    );
  } else {
    const dir = path.join(root, ".tmp", "proxy");
    const nginx = await startProxy({ dir, upstreams, httpsPort: values["https-port"], httpPort: values["http-port"] });
    const addresses = ["localhost", ...localAddresses()];
    console.log(`nginx in front of ${upstreams.join(", ")}:`);
    for (const address of addresses) console.log(`  https://${address}:${values["https-port"]}`);
    console.log("Start the app with TRUST_PROXY=loopback and BASE_URL set to the address people use. Stop with Ctrl+C.");
    for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => nginx.kill("SIGQUIT"));
    nginx.on("exit", (code) => process.exit(code ?? 0));
  }
}
