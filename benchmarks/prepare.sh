# Sourced by the benchmark scripts: sets $here and $root, selects the JDK (JAVA_HOME), and builds
# benchmarks/target/benchmarks.jar unless the script was given --no-build.
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
. "$root/.mvn/select-jdk.sh"
if [ "${1-}" != "--no-build" ]; then
  (cd "$root" && ./mvnw -q -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true)
fi

# java_in_both_modes <main class> <output directory>: runs the class in confined, then in shared
# scheduling, each into <output directory>/java-<mode>.txt (and the terminal).
java_in_both_modes() {
  for mode in confined shared; do
    "$JAVA_HOME/bin/java" -Xms512m -Xmx1g --add-opens java.base/java.lang=ALL-UNNAMED -Dorg.triojava.scheduling=$mode \
      -cp "$here/target/benchmarks.jar" "$1" | tee "$2/java-$mode.txt"
  done
}

# ratio_table <left title> <left key> <right title> <right key> <name>...: reads RESULT lines on
# stdin and prints, per name and scheduling mode, the left and right figures and left/right. The
# keys are printf templates of the name ("dtls-%s"), to which "@<mode>" is added.
ratio_table() {
  lt=$1 lk=$2 rt=$3 rk=$4
  shift 4
  awk -v lt="$lt" -v lk="$lk" -v rt="$rt" -v rk="$rk" -v names="$*" '
    { value[$2] = $3; unit[$2] = $4 " " $5 }
    END {
      printf "%-28s %14s %14s %10s\n", "benchmark", lt, rt, "ratio"
      n = split(names, name, " "); split("confined shared", mode, " ")
      for (i = 1; i <= n; i++) for (m = 1; m <= 2; m++) {
        l = sprintf(lk, name[i]) "@" mode[m]; r = sprintf(rk, name[i]) "@" mode[m]
        printf "%-28s %14.0f %14.0f %9.2fx  %s\n", name[i] " [" mode[m] "]", value[l], value[r], value[l] / value[r], unit[l]
      }
    }'
}
