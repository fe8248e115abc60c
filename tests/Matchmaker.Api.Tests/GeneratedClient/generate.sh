#!/usr/bin/env bash
# Writes MatchmakerClient.cs from the committed OpenAPI document with NSwag (a local dotnet tool, see dotnet-tools.json).
# .ci/run runs this and fails when the committed client differs, so the client is always what a generator makes of the document.
set -euo pipefail
cd "$(dirname "$0")/../../.."
dotnet tool restore >/dev/null
dotnet nswag openapi2csclient /input:openapi/matchmaker-v1.json /output:tests/Matchmaker.Api.Tests/GeneratedClient/MatchmakerClient.cs \
  /namespace:Matchmaker.GeneratedClient /className:MatchmakerClient /useBaseUrl:false /generateOptionalParameters:true \
  /jsonLibrary:NewtonsoftJson /generateNullableReferenceTypes:true /operationGenerationMode:SingleClientFromOperationId \
  /wrapResponses:true /dateType:System.DateOnly >/dev/null
