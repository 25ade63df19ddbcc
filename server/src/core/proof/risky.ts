// Packages whose removal breaks images in ways a size saving does not show: called out by name.
export interface RiskyRemoval {
  name: string;
  why: string;
}

const RISKS: { test: RegExp; why: string }[] = [
  { test: /^ca-certificates(-bundle)?$/, why: 'no CA certificates: every HTTPS and TLS connection from the image will fail' },
  { test: /^(bash|dash|zsh|ash|busybox|busybox-binsh|mksh)$/, why: 'a shell: RUN, shell-form CMD and scripts that use it stop working' },
  { test: /^(libc6|libc-bin|musl|glibc|glibc-common)$/, why: 'the C library: almost every program needs it' },
  { test: /^tzdata$/, why: 'no time zone data: local times fall back to UTC and TZ= settings are ignored' },
  {
    test: /^(locales|locales-all|glibc-langpack-.*|glibc-all-langpacks|musl-locales)$/,
    why: 'locales: programs fall back to the C locale (encoding and formatting change)',
  },
];

export function riskyRemovals(removed: readonly string[]): RiskyRemoval[] {
  const found: RiskyRemoval[] = [];
  for (const name of removed) {
    const bare = name.replace(/:[^:]+$/, '');
    const risk = RISKS.find((r) => r.test.test(bare));
    if (risk) found.push({ name, why: risk.why });
  }
  return found;
}
