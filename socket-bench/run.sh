#!/bin/sh
# Socket benchmark: echo servers on raw Trio sockets, a blocking ServerSocket with one virtual
# thread per connection, Netty NIO and Python trio, each in its own process, driven by one load
# generator with 1, 100 and 1000 connections doing 64-byte round trips. Prints a table.
#
#   socket-bench/run.sh                      # everything (about two minutes)
#   socket-bench/run.sh --servers trio,netty --levels 1000 --duration 10
#   socket-bench/run.sh --servers trio --levels 1000 --jfr trio   # JFR recording in socket-bench/target
#
# Needs a JDK 25+ (found like ./mvnw finds one) and /usr/bin/python3 with python3-trio for the
# Python server (leave it out with --servers trio,vt,netty).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"
# the same JDK choice as ./mvnw: sets JAVA_HOME to a JDK 25+
. "$root/.mvn/select-jdk.sh"
./mvnw -q -B -pl socket-bench -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
java="$JAVA_HOME/bin/java"
classpath="$here/target/classes:$(ls "$here"/target/lib/*.jar | tr '\n' ':')"
exec "$java" -Xmx1g -Dbench.classpath="$classpath" -Dbench.target="$here/target" \
    -Dbench.python=/usr/bin/python3 -Dbench.script="$here/src/main/python/trio_echo_server.py" \
    -cp "$classpath" org.triojava.socketbench.LoadGenerator "$@"
