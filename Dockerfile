# syntax=docker/dockerfile:1
# Build: docker build -t plp-online .   Run: docker run -p 8000:8000 -e PLP_MODE=demo plp-online
# Several instances on one PostgreSQL: docker-compose.yml and README "Running several instances".
# tests/e2e/test_container_commands.py runs this file's CMD and HEALTHCHECK lines, and checks
# that the scripts the wheel declares (plp-online, plp-mock-tps) run on what it installs.
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# The locked versions and their hashes (README "Locked dependencies"): the server and the mock
# TPS client (requirements/client.txt), and apart from them the build backend (build.txt).
COPY requirements/client.txt requirements/build.txt ./requirements/
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --require-hashes -r requirements/client.txt \
 && python -m venv /opt/build \
 && /opt/build/bin/pip install --require-hashes -r requirements/build.txt
COPY pyproject.toml README.md ./
COPY app ./app
COPY contracts ./contracts
COPY plp_mock_tps ./plp_mock_tps
# The wheel on the locked backend, installed without resolving anything again.
RUN /opt/build/bin/pip wheel --no-deps --no-build-isolation --wheel-dir /src/dist . \
 && /opt/venv/bin/pip install --no-deps /src/dist/*.whl \
 && /opt/venv/bin/pip check

FROM python:3.11-slim-bookworm
RUN groupadd --system --gid 10001 plp \
 && useradd --system --uid 10001 --gid plp --home-dir /var/lib/plp --create-home plp
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PLP_LOG_FORMAT=json \
    PLP_DATABASE_URL=sqlite:////var/lib/plp/plp-online.db
USER 10001:10001
WORKDIR /var/lib/plp
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request as u; sys.exit(u.urlopen('http://127.0.0.1:8000/health/ready', timeout=4).status != 200)"]
CMD ["plp-online", "serve", "--host", "0.0.0.0", "--port", "8000"]
