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
