# Sourced by ./mvnw before Maven starts: makes JAVA_HOME point at a JDK >= 25.
# Order: $JAVA_HOME if it is new enough, then the usual install locations
# (newest first), then the java on PATH. Otherwise stop with a message that
# says exactly what to install or set.
trio_required_jdk=25

trio_java_feature() { # prints the feature version of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java.specification.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
  fi
}

trio_jdk_ok() {
  v=$(trio_java_feature "$1")
  [ -n "$v" ] && [ "$v" -ge "$trio_required_jdk" ]
}

trio_select_jdk() {
  if [ -n "${JAVA_HOME-}" ] && trio_jdk_ok "$JAVA_HOME"; then
    return 0
  fi
  trio_rejected="${JAVA_HOME-}"
  trio_best="" trio_best_v=0
  trio_had_noglob=0
  case $- in *f*) trio_had_noglob=1; set +f ;; esac
  for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home /opt/java/* /opt/jdk* \
      /usr/java/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    v=$(trio_java_feature "$candidate")
    if [ -n "$v" ] && [ "$v" -ge "$trio_required_jdk" ] && [ "$v" -gt "$trio_best_v" ]; then
      trio_best="$candidate" trio_best_v="$v"
    fi
  done
  [ "$trio_had_noglob" = 0 ] || set -f
  if [ -n "$trio_best" ]; then
    JAVA_HOME="$trio_best"
    export JAVA_HOME
    [ -z "$trio_rejected" ] ||
      echo "mvnw: JAVA_HOME=$trio_rejected is older than JDK $trio_required_jdk; using $JAVA_HOME" >&2
    return 0
  fi
  if command -v javac >/dev/null 2>&1; then
    path_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if trio_jdk_ok "$path_home"; then
      JAVA_HOME="$path_home"
      export JAVA_HOME
      return 0
    fi
  fi
  cat >&2 <<MSG
mvnw: Trio for Java needs a JDK $trio_required_jdk or newer (the JDK it is built and tested on),
and none was found. JAVA_HOME is '${JAVA_HOME-}'; searched /usr/lib/jvm, /Library/Java,
/opt/java, /usr/java, ~/.sdkman and the javac on PATH.
Install a JDK 25 (for example Eclipse Temurin 25, or the openjdk-25-jdk package of your
distribution) or set JAVA_HOME to an installed JDK 25+, then run ./mvnw again.
MSG
  exit 1
}

trio_select_jdk

# Maven 3.9's Guice calls sun.misc.Unsafe, which JDK 24+ reports with four WARNING lines on every
# run (JEP 498). Allow it quietly there; older JDKs do not know the option, so only add it on 24+.
if [ "$(trio_java_feature "$JAVA_HOME")" -ge 24 ] 2>/dev/null; then
  case " ${MAVEN_OPTS-} " in
  *" --sun-misc-unsafe-memory-access="*) ;;
  *) MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"; export MAVEN_OPTS ;;
  esac
fi
