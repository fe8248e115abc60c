namespace Matchmaker.Api.OpenApi;

// Short PascalCase schema names for generated clients: SchemeResponse -> Scheme, PagedList<SchemeResponse> -> SchemePage.
public static class SchemaIds
{
    public static string For(Type type)
    {
        if (type.IsGenericType)
        {
            var inner = For(type.GetGenericArguments()[0]);
            var outer = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
            return outer switch
            {
                "PagedList" => inner + "Page",
                "ItemList" => inner + "List",
                _ => inner + outer,
            };
        }

        return type.Name.EndsWith("Response", StringComparison.Ordinal) ? type.Name[..^"Response".Length] : type.Name;
    }
}
