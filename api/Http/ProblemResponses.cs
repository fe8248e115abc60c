namespace Matchmaker.Api.Http;

// The problem answers that come with a kind of operation, declared once for the OpenAPI document: a JSON body can be
// too large or of the wrong type; a conditional write can also find nothing, a stale or a missing If-Match.
public static class ProblemResponses
{
    public static RouteHandlerBuilder ProducesBodyProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    public static RouteHandlerBuilder ProducesConditionalDeleteProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    public static RouteHandlerBuilder ProducesConditionalWriteProblems(this RouteHandlerBuilder builder) => builder
        .ProducesConditionalDeleteProblems()
        .ProducesBodyProblems()
        .ProducesProblem(StatusCodes.Status428PreconditionRequired);
}
