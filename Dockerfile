# tunstack in a container: answers ICMP echo on a TUN device inside the container's own network namespace.
#
#   ./mvnw -B -q package -DskipTests               # on the host: builds app/target/tunstack.jar
#   docker build -t tunstack .
#   docker run --rm --name tunstack --cap-add NET_ADMIN --device /dev/net/tun tunstack
#   docker exec tunstack ping -c 4 172.21.22.26    # in a second terminal
#
# Docker disables IPv6 in a container by default: tunstack then says so and answers IPv4 only. For ping -6 too, add
#   --sysctl net.ipv6.conf.all.disable_ipv6=0 --sysctl net.ipv6.conf.default.disable_ipv6=0
#
# Needs NET_ADMIN and /dev/net/tun, never --privileged. The image does not run Maven: the jar comes from the host's
# build, because HTTPS from inside an image build may be intercepted. See docs/CONTAINERS.md.

ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}

# The Java runtime runs tunstack; iproute2, ping and tcpdump let a learner look at tun0 and talk to it.
# The JRE's post-install step links man pages and fails when the slim image has no man1 directory.
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openjdk-17-jre-headless iproute2 iputils-ping tcpdump \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*

COPY app/target/tunstack.jar /opt/tunstack/tunstack.jar

# Exec form: java is PID 1 and receives docker stop's SIGTERM itself, then prints its summary and exits 0.
ENTRYPOINT ["java", "-jar", "/opt/tunstack/tunstack.jar"]
