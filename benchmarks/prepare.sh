# Sourced by the benchmark scripts: sets $here and $root, selects the JDK (JAVA_HOME), and builds
# benchmarks/target/benchmarks.jar unless the script was given --no-build.
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
. "$root/.mvn/select-jdk.sh"
if [ "${1-}" != "--no-build" ]; then
  (cd "$root" && ./mvnw -q -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true)
fi
