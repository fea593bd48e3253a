using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Vigil.Server.Tests.Observability.Logging;

/// <summary>A logger provider that keeps every line with everything a formatter could print: message, exception,
/// state and scope values.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<Line> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<Line> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    public sealed record Line(string Category, LogLevel Level, string Message, string? Exception, IReadOnlyList<KeyValuePair<string, object?>> State, IReadOnlyList<KeyValuePair<string, object?>> Scopes)
    {
        /// <summary>Everything a formatter could write for this line.</summary>
        public string AllText => string.Join('\n', new[] { Category, Message, Exception ?? "" }
            .Concat(State.Select(p => $"{p.Key}={p.Value}")).Concat(Scopes.Select(p => $"{p.Key}={p.Value}")));

        public string? ScopeValue(string key) => Scopes.LastOrDefault(p => p.Key == key).Value?.ToString();
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<KeyValuePair<string, object?>>();
            owner._scopes.ForEachScope((scope, list) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    list.AddRange(pairs);
                else
                    list.Add(new("(scope)", scope?.ToString()));
            }, scopes);
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToList() : [];
            owner._lines.Enqueue(new Line(category, logLevel, formatter(state, exception), exception?.ToString(), values, scopes));
        }
    }
}
