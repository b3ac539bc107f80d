#!/bin/sh
# TLS echo benchmark (TlsBench): Trio SslStream server vs a blocking SSLServerSocket with one
# virtual thread per connection, driven by the same blocking SSLSocket clients in one JVM.
#
#   socket-bench/tls-bench.sh [seconds per measurement, default 4] [bulk MiB, default 64]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"
. "$root/.mvn/select-jdk.sh"
./mvnw -q -B -o -pl socket-bench -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
classpath="$here/target/classes:$(ls "$here"/target/lib/*.jar | tr '\n' ':')"
exec "$JAVA_HOME/bin/java" -Xmx1g -cp "$classpath" org.triojava.socketbench.TlsBench "$@"
