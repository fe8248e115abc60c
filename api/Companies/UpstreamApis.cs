using Refit;

namespace Matchmaker.Api.Companies;

// One Refit interface per upstream; non-2xx answers are expected outcomes, so they come back as IApiResponse.
public interface IKvkApi
{
    [Get("/v2/zoeken")]
    Task<IApiResponse<KvkZoekResultaat>> SearchAsync(string naam, int pagina, int resultatenPerPagina, CancellationToken ct);

    [Get("/v1/basisprofielen/{kvkNummer}")]
    Task<IApiResponse<KvkBasisprofiel>> GetBasisprofielAsync(string kvkNummer, CancellationToken ct);

    [Get("/v1/vestigingsprofielen/{vestigingsnummer}")]
    Task<IApiResponse<KvkVestiging>> GetVestigingsprofielAsync(string vestigingsnummer, CancellationToken ct);
}

public interface IPdokApi
{
    // PDOK rejects parameters it does not know, so the query is exactly these four.
    [Get("/free")]
    Task<IApiResponse<PdokResponse>> FreeAsync(string q, string fq, int rows, string fl, CancellationToken ct);
}
