# The Debian mirror this machine's apt already uses, so debootstrap fetches from the same place and the repository
# names no mirror host. Sourced, never executed; needs only bash and awk.
#
#   debian_mirror [APT_DIR]   prints the mirror's URI (APT_DIR: $LAYERWISE_APT_DIR, else /etc/apt); exits 1 when
#                             no enabled `deb` source serves Debian `main`.
#
# Read: APT_DIR/sources.list and sources.list.d/*.list (one-line "deb [options] URI suite component…") and
# sources.list.d/*.sources (deb822 stanzas: Types, URIs, Suites, Components, Enabled). A source for bookworm is
# preferred; else any other Debian release (the same mirror serves bookworm too). Security, updates and backports
# suites live in other archives and are not taken.

DEBIAN_RELEASE_SUITES='^(buster|bullseye|bookworm|trixie|forky|duke|sid|oldoldstable|oldstable|stable|testing|unstable)$'

# One line per (URI, suite) of every enabled `deb` source: "URI SUITE COMPONENT…".
apt_source_lines() {
  local dir="$1" file
  for file in "$dir/sources.list" "$dir"/sources.list.d/*.list; do
    [[ -f $file ]] || continue
    awk '{ sub(/#.*/, "") }
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }   # skip "[arch=… signed-by=…]"
        if (i + 1 > NF) next
        line = $i " " $(i + 1)
        for (j = i + 2; j <= NF; j++) line = line " " $j
        print line
      }' "$file"
  done
  for file in "$dir"/sources.list.d/*.sources; do
    [[ -f $file ]] || continue
    awk 'function flush(   n, m, i, j, u, s) {
        if ((" " f["types"] " ") ~ /[ \t]deb[ \t]/ && tolower(f["enabled"]) != "no") {
          n = split(f["uris"], u, /[ \t]+/); m = split(f["suites"], s, /[ \t]+/)
          for (i = 1; i <= n; i++) for (j = 1; j <= m; j++) if (u[i] != "" && s[j] != "") print u[i], s[j], f["components"]
        }
        split("", f); last = ""
      }
      function trim(v) { gsub(/^[ \t]+|[ \t]+$/, "", v); return v }
      /^#/ { next }
      /^[ \t]*$/ { flush(); next }
      /^[ \t]/ { if (last != "") f[last] = f[last] " " trim($0); next }   # continuation of a multi-line field
      index($0, ":") > 1 { last = tolower(trim(substr($0, 1, index($0, ":") - 1))); f[last] = trim(substr($0, index($0, ":") + 1)) }
      END { flush() }' "$file"
  done
}

debian_mirror() {
  local dir="${1:-${LAYERWISE_APT_DIR:-/etc/apt}}"
  apt_source_lines "$dir" | awk -v releases="$DEBIAN_RELEASE_SUITES" '
    $1 !~ /^(https?|file):/ { next }                 # debootstrap fetches over http(s) or from a local tree
    { components = " "; for (i = 3; i <= NF; i++) components = components $i " " }
    components !~ / main / { next }
    { uri = $1; sub(/\/+$/, "", uri) }
    $2 == "bookworm" && bookworm == "" { bookworm = uri }
    $2 ~ releases && other == "" { other = uri }
    END { if (bookworm != "") print bookworm; else if (other != "") print other; else exit 1 }'
}
