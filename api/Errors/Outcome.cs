using System.Diagnostics.CodeAnalysis;

namespace Matchmaker.Api.Errors;

// What a service answers: a value, or the ApiError that says why there is none. Endpoints map the error to HTTP.
public readonly struct Outcome<T>
{
    private readonly T? _value;
    private readonly ApiError? _error;

    private Outcome(T? value, ApiError? error)
    {
        _value = value;
        _error = error;
    }

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(ApiError error) => new(default, error);

    public bool TryGetValue([MaybeNullWhen(false)] out T value, [NotNullWhen(false)] out ApiError? error)
    {
        value = _value;
        error = _error;
        return error is null;
    }
}

// The value of an outcome that has nothing to report but success.
public readonly record struct Done;
