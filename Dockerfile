# syntax=docker/dockerfile:1
#
# Burg in a container: a static binary (modernc.org/sqlite is pure Go, so
# CGO_ENABLED=0) on a distroless base that holds CA certificates and time
# zones and nothing else, run as an unprivileged user, with the SQLite
# database and the uploaded photos in the volume /data.
#
#   docker build -t burg \
#       --build-arg VERSION="$(git describe --tags --always)" \
#       --build-arg COMMIT="$(git rev-parse HEAD)" .
#   docker run -d --name burg -p 8080:8080 -v burg-data:/data burg
#   docker exec -it burg burg user add --nick Editor --role admin
#
# Settings are BURG_* variables (docker run -e BURG_BASE_URL=https://…),
# or a TOML file mounted and named by BURG_CONFIG; see burg help.

FROM golang:1.26 AS build
WORKDIR /src
# Modules first, so that a change of source leaves this layer cached.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# No .git in the context: the version and commit come from the build
# arguments, through the link-time override burg version reads.
ARG VERSION=""
ARG COMMIT=""
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=false \
        -ldflags "-s -w -X main.version=${VERSION} -X main.commit=${COMMIT}" \
        -o /out/burg ./cmd/burg \
    && mkdir -p /out/data/uploads

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/burg /usr/local/bin/burg
# The volume's first contents, owned by the user burg runs as, so that a
# new named volume is writable.
COPY --from=build --chown=65532:65532 /out/data /data
ENV BURG_ADDR=0.0.0.0:8080 \
    BURG_DB=/data/burg.db \
    BURG_UPLOADS_DIR=/data/uploads
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
# distroless's nonroot user and group.
USER 65532:65532
# No curl in the image: burg asks its own /healthz (at BURG_ADDR, a
# wildcard host asked on loopback).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/burg", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/burg"]
CMD ["serve"]
