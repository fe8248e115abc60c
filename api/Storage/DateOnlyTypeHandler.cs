using System.Data;
using System.Globalization;
using Dapper;

namespace Matchmaker.Api.Storage;

// SQLite stores dates as ISO TEXT; Dapper does not map DateOnly by itself.
public sealed class DateOnlyTypeHandler : SqlMapper.TypeHandler<DateOnly>
{
    public override DateOnly Parse(object value) =>
        DateOnly.ParseExact((string)value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public override void SetValue(IDbDataParameter parameter, DateOnly value)
    {
        parameter.DbType = DbType.String;
        parameter.Value = value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
