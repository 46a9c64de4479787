# syntax=docker/dockerfile:1
#
# Fremmøde: ONE image with the four services. The command selects the service:
#
#   docker build -t fremmoede:dev .
#   docker run --rm fremmoede:dev PlanningService        # or IntakeService, ScreeningService, NotificationService
#
# Why one image and not four: the services share almost all of their code (Sources/Shared), so one
# build compiles it once; they need the same runtime libraries; one tag is one tested set of the four
# (the Kubernetes manifests and docker-compose.yml pin the same tag for all four). The cost is the
# binaries a given container does not run. The development executables (DevBroker, the mock Kafka
# broker, and IntakeBenchmark) are never built into this image; scripts/check-deploy checks that.
#
# Base images (both tags exist on Docker Hub; pin them by digest in your registry mirror):
#   build:   swift:6.3-bookworm   - the official Swift 6.3.x toolchain on Debian 12 (bookworm), the
#                                    same Swift and Debian release as the development machines;
#                                    Package.swift needs tools version 6.2 or later.
#   runtime: debian:bookworm-slim - the same Debian release, so librdkafka1/libcurl4 match the -dev
#                                    packages linked against. The Swift runtime is linked statically
#                                    (--static-swift-stdlib), so the swift:*-slim image is not needed.
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---------------------------------------------------------------------------------------------------
FROM ${SWIFT_IMAGE} AS build

# C libraries the Swift code links (Sources/CRdKafka, Sources/CCurl). Versions come from the Debian
# release the image pins; hadolint's version-pinning rule is waived for that reason.
# hadolint ignore=DL3008
RUN export DEBIAN_FRONTEND=noninteractive \
 && apt-get update -q \
 && apt-get install -y -q --no-install-recommends librdkafka-dev libcurl4-openssl-dev \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /build

# Resolve dependencies in their own layer so that a source change does not fetch them again.
# (Package.resolved is optional: the glob copies it when the build context has one.)
COPY Package.* ./
RUN swift package resolve

COPY Sources ./Sources

# Build exactly the four service products (never DevBroker or IntakeBenchmark), statically linking
# the Swift runtime.
# The products share their modules, so the second to fourth builds only link.
RUN for product in IntakeService ScreeningService PlanningService NotificationService; do \
      swift build -c release --product "$product" --static-swift-stdlib || exit 1; \
    done

# Stage what the runtime needs: the four executables, any resource bundles SwiftPM produced (none
# today; the staff web app's templates will be one), and Swift's static backtracer for crash reports.
WORKDIR /staging
RUN bin="$(swift build -c release --show-bin-path --package-path /build)" \
 && for product in IntakeService ScreeningService PlanningService NotificationService; do \
      cp "$bin/$product" ./ || exit 1; \
    done \
 && find -L "$bin" -maxdepth 1 -regex '.*\.resources$' -exec cp -Ra {} ./ \; \
 && cp /usr/libexec/swift/linux/swift-backtrace-static ./

# ---------------------------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE} AS runtime

# Runtime libraries only: librdkafka1 (Kafka client), libcurl4 (SMTP), CA certificates (TLS to
# PostgreSQL, Kafka and the SMTP relay), tzdata (school days are Europe/Copenhagen dates), and the
# curl command (a few hundred kB over libcurl4) for docker-compose health checks.
# hadolint ignore=DL3008
RUN export DEBIAN_FRONTEND=noninteractive \
 && apt-get update -q \
 && apt-get install -y -q --no-install-recommends librdkafka1 libcurl4 curl ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/*

# A fixed, non-root user: the Kubernetes manifests run as 10001:10001 with a read-only root file
# system; nothing in /app is writable by it.
RUN groupadd --system --gid 10001 fremmoede \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin fremmoede

WORKDIR /app
COPY --from=build /staging /app

ENV PATH=/app:$PATH \
    TZ=Europe/Copenhagen \
    HTTP_HOST=0.0.0.0 \
    LOG_FORMAT=json \
    SWIFT_BACKTRACE=enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=/app/swift-backtrace-static

USER 10001:10001

# 8080 Planning, 8081 Intake, 8082 Screening, 8083 Notification (HTTP_PORT overrides each).
EXPOSE 8080 8081 8082 8083 9080 9081 9082 9083

# No ENTRYPOINT: the command is the service, e.g. `PlanningService`. The service itself handles
# SIGTERM (graceful drain); run it as PID 1 with the exec form, as here.
CMD ["PlanningService"]
