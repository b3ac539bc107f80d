#!/bin/sh
# Stream-layer benchmark: the echo benchmark of run.sh with the raw-socket Trio server and the
# same echo through Net.serveTcp + SocketStream side by side (1, 100 and 1000 connections), then
# bulk transfer over one loopback connection, SocketStream against a blocking SocketChannel.
#
#   socket-bench/run-streams.sh                 # both (about two minutes)
#   socket-bench/run-streams.sh --repeat 3      # three echo rounds, the table shows medians
#
# Extra arguments go to the echo load generator. Needs a JDK 25+ (found like ./mvnw finds one).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"
. "$root/.mvn/select-jdk.sh"
./mvnw -q -B -pl socket-bench -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
java="$JAVA_HOME/bin/java"
classpath="$here/target/classes:$(ls "$here"/target/lib/*.jar | tr '\n' ':')"
"$java" -Xmx1g -Dbench.classpath="$classpath" -Dbench.target="$here/target" \
    -cp "$classpath" org.triojava.socketbench.LoadGenerator --servers trio,trio-streams "$@"
echo
echo "Bulk transfer over one loopback connection:"
"$java" -Xms512m -Xmx512m -cp "$classpath" org.triojava.socketbench.BulkTransfer
