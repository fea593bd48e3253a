// Ceiling app for bench/ping-ingest.sh: the least work Kestrel can do for the shape of a Vigil ping.
//   POST /ping/{id:guid} -> the route constraint parses the Guid, the handler answers "OK" (text/plain)
//   GET  /healthz        -> "OK" (so the script can wait for it like it waits for Vigil)
// Logging is limited to warnings so per-request logs do not skew the numbers.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
var app = builder.Build();

app.MapGet("/healthz", () => "OK");
app.MapPost("/ping/{id:guid}", (Guid id) => id == Guid.Empty ? "EMPTY" : "OK");

app.Run();
