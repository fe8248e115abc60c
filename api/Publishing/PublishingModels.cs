using System.ComponentModel;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Errors;

namespace Matchmaker.Api.Publishing;

[Description("One stored version of a scheme.")]
public sealed record RevisionResponse(
    [property: Description("The version number.")] long Version,
    [property: Description("When it was written (UTC).")] DateTimeOffset ChangedAt,
    [property: Description("Who wrote it: the API key's name, or seed for data/.")] string ChangedBy,
    [property: Description("seeded, seed-updated, created, updated, archived or imported.")] string Change,
    [property: Description("Whether this version archived the scheme.")] bool Archived,
    [property: Description("The scheme as written in this version.")] SchemeDocument Scheme);

[Description("A bulk import: every scheme is created or updated, all or nothing.")]
public sealed record ImportRequest([property: Description("The schemes, in the shape of data/catalogue.schema.json.")] IReadOnlyList<SchemeDocument> Schemes);

[Description("What an import did, or would do on a dry run.")]
public sealed record ImportReport(
    [property: Description("True when nothing was written.")] bool DryRun,
    [property: Description("Ids of new schemes.")] IReadOnlyList<string> Created,
    [property: Description("Ids of changed schemes.")] IReadOnlyList<string> Updated,
    [property: Description("Ids of schemes that were already as given.")] IReadOnlyList<string> Unchanged);

[Description("A record of an import that cannot be taken, with every problem.")]
public sealed record InvalidRecord(
    [property: Description("Position in the schemes array, from 0.")] int Index,
    [property: Description("The record's id, if it has one.")] string? Id,
    [property: Description("Every problem with the record.")] IReadOnlyList<InvalidParam> Problems);
