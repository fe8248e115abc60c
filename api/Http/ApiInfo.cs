namespace Matchmaker.Api.Http;

public static class ApiInfo
{
    // Full SemVer of the contract; equal to info.version in the OpenAPI document and sent as API-Version.
    public const string Version = "1.0.0";
    public const string MajorPath = "/v1";
}
