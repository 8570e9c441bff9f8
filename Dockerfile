# tunstack in a container: answers ICMP echo on a TUN device inside the container's own network namespace.
#
#   ./mvnw -B -q package -DskipTests               # on the host: builds app/target/tunstack.jar
#   docker build -t tunstack .
#   docker run --rm --name tunstack --cap-add NET_ADMIN --device /dev/net/tun tunstack
#   docker exec tunstack ping -c 4 172.21.22.26    # in a second terminal
#
# Least privilege: started as root, tunstack creates and configures tun0, then gives root up for the user tunstack
# (--user, in the entrypoint) before it reads a packet: no capability, no_new_privs. Hardened, with a read-only root
# file system, there are two ways, depending on who may open the host's /dev/net/tun:
#
#   # any host: giving root up is itself CAP_SETUID and CAP_SETGID
#   docker run --rm --name tunstack --cap-drop ALL --cap-add NET_ADMIN --cap-add SETUID --cap-add SETGID \
#       --security-opt no-new-privileges --read-only --device /dev/net/tun tunstack
#   # a host whose /dev/net/tun is mode 0666 (most distributions): never root, NET_ADMIN alone
#   docker run --rm --name tunstack --user tunstack --cap-drop ALL --cap-add NET_ADMIN --read-only \
#       --device /dev/net/tun tunstack
#
# Docker disables IPv6 in a container by default: tunstack then says so and answers IPv4 only. For ping -6 too, add
#   --sysctl net.ipv6.conf.all.disable_ipv6=0 --sysctl net.ipv6.conf.default.disable_ipv6=0
#
# Needs NET_ADMIN and /dev/net/tun, never --privileged. The image does not run Maven: the jar comes from the host's
# build, because HTTPS from inside an image build may be intercepted. See docs/CONTAINERS.md.

ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}

# The Java runtime runs tunstack; iproute2, ping and tcpdump let a learner look at tun0 and talk to it; unzip takes
# jffi's native stub out of the jar (below). The JRE's post-install step links man pages and fails when the slim image
# has no man1 directory.
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openjdk-17-jre-headless iproute2 iputils-ping tcpdump unzip \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*

# The user that answers: a system user with its own group, no home and no login shell.
# ping loses its file capability (cap_net_raw=ep): the kernel refuses to exec a file whose effective capabilities the
# container's bounding set cannot grant (--cap-drop ALL). Without it, ping uses an ICMP datagram socket, which Docker
# allows in every container (net.ipv4.ping_group_range 0-2147483647), and root in a default container has NET_RAW.
RUN useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin tunstack \
 && setcap -r /usr/bin/ping

COPY app/target/tunstack.jar /opt/tunstack/tunstack.jar

# jffi (under jnr-ffi) loads its native stub from jffi.boot.library.path when it finds it there, and otherwise
# unpacks it from the jar into a temporary file and maps that: impossible with --read-only, and from a --tmpfs too,
# which Docker mounts noexec. So the stub of this machine's architecture (uname -m names it as jffi does: x86_64,
# aarch64) is unpacked here, once, into a directory that stays read-only.
RUN unzip -q -j /opt/tunstack/tunstack.jar "jni/$(uname -m)-Linux/libjffi-*.so" -d /opt/tunstack/native \
 && ls /opt/tunstack/native/libjffi-*.so

# The Java launcher holds CAP_NET_ADMIN as a permitted file capability, without the effective bit (+p), for a
# container started as the user tunstack (docker run --user tunstack): the kernel grants it only when the container's
# bounding set has it (--cap-add NET_ADMIN), and a container without it still starts and is told so. tunstack then
# makes it effective to set tun0 up, and drops every capability and sets no_new_privs before it reads a packet. A
# process that gains a file capability runs in secure-execution mode, where the dynamic linker ignores the launcher's
# $ORIGIN run path: the runtime's lib directory goes into ld.so.conf instead, so that the launcher finds libjli.so.
# Started as root (the default), tunstack gives root up for the user tunstack (--user, below) once tun0 is set up.
RUN java=$(readlink -f "$(command -v java)") \
 && setcap cap_net_admin+p "$java" \
 && echo "$(dirname "$(dirname "$java")")/lib" > /etc/ld.so.conf.d/tunstack-java.conf \
 && ldconfig

# Exec form: java is PID 1 and receives docker stop's SIGTERM itself, then prints its summary and exits 0.
# -XX:-UsePerfData: no hsperfdata file in /tmp, which --read-only does not have.
ENTRYPOINT ["java", "-XX:-UsePerfData", "-Djffi.boot.library.path=/opt/tunstack/native", \
            "-jar", "/opt/tunstack/tunstack.jar", "--user", "tunstack"]
