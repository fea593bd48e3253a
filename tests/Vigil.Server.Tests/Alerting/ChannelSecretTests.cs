using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Server.Tests.Observability.Logging;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Alerting;

/// <summary>Every answer and every log line (at Trace) while channels with secrets are created, edited, listed and tested.</summary>
public sealed class ChannelSecretTests(AlertReceiver receiver) : IClassFixture<AlertReceiver>
{
    private const string HookSecret = "hook-Secret-5a1c9e0b7d";
    private const string HookToken = "hookTokenInPath-77e1";
    private const string BearerToken = "bearer-Secret-31f0";
    private const string SlackToken = "slackToken-0c4b2a";
    private const string MailPassword = "mail-Secret-9d8e";
    private const string AmPassword = "am-Secret-6b6b";

    [Fact]
    public async Task No_secret_reaches_an_answer_or_a_log_line()
    {
        await using var host = await VigilHost.StartAsync(o => o with { Logging = o.Logging with { Level = LogLevel.Trace } });
        var logs = new CapturedLogs();
        host.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        var answers = new List<string>();

        async Task<JsonObject> Send(HttpMethod method, string path, string? body, int status)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : VigilHost.Json(body) };
            using var response = await host.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            answers.Add(text);
            await HttpAssert.Expect(response, status);
            return JsonNode.Parse(text)!.AsObject();
        }

        var hook = await Send(HttpMethod.Post, "/api/v1/channels", new JsonObject
        {
            ["name"] = "hook", ["type"] = "webhook", ["url"] = receiver.Url($"/secrets/{HookToken}"), ["secret"] = HookSecret,
            ["headers"] = new JsonObject { ["Authorization"] = $"Bearer {BearerToken}" },
        }.ToJsonString(), 201);
        await Send(HttpMethod.Post, "/api/v1/channels", $$"""{"name": "chat", "type": "slack", "url": "{{receiver.Url($"/services/{SlackToken}/status/503")}}"}""", 201);
        await Send(HttpMethod.Post, "/api/v1/channels", $$"""
            {"name": "mail", "type": "smtp", "host": "127.0.0.1", "port": 1, "from": "a@example.com", "to": ["b@example.com"],
             "username": "vigil", "password": "{{MailPassword}}", "timeout_seconds": 2}
            """, 201);
        await Send(HttpMethod.Post, "/api/v1/channels", new JsonObject
        {
            ["name"] = "am", ["type"] = "alertmanager", ["url"] = $"http://vigil:{AmPassword}@127.0.0.1:1/", ["headers"] = new JsonObject { ["Authorization"] = AmPassword },
        }.ToJsonString(), 201);
        // Refused values: the errors name the field, never the value.
        await Send(HttpMethod.Post, "/api/v1/channels", new JsonObject
        {
            ["name"] = "bad", ["type"] = "webhook", ["url"] = $"ftp://{HookToken}", ["secret"] = HookSecret + new string('x', 1100),
            ["headers"] = new JsonObject { ["X-A"] = BearerToken + "\n" },
        }.ToJsonString(), 400);
        await Send(HttpMethod.Patch, "/api/v1/channels/hook", """{"name": "hook2", "timeout_seconds": 3}""", 200);
        await Send(HttpMethod.Get, "/api/v1/channels", null, 200);
        await Send(HttpMethod.Get, $"/api/v1/channels/{hook["id"]}", null, 200);
        foreach (var name in new[] { "hook2", "chat", "mail", "am" })
            await Send(HttpMethod.Post, $"/api/v1/channels/{name}/test", null, 200);
        AssertSignedOnce();

        var secrets = new[] { HookSecret, HookToken, BearerToken, SlackToken, MailPassword, AmPassword };
        Assert.NotEmpty(logs.Lines);
        Assert.Contains(logs.Lines, l => l.Message.Contains("Test alert", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            foreach (var answer in answers)
                Assert.False(answer.Contains(secret, StringComparison.Ordinal), $"an answer contains a secret: {answer}");
            foreach (var line in logs.Lines)
                Assert.False(line.AllText.Contains(secret, StringComparison.Ordinal), $"a {line.Level} line of {line.Category} contains a secret: {line.AllText}");
        }
    }

    private void AssertSignedOnce()
    {
        var sent = Assert.Single(receiver.Received($"/secrets/{HookToken}"));
        ChannelApiTests.AssertSigned(sent, HookSecret);
        Assert.Equal($"Bearer {BearerToken}", sent.Headers["Authorization"]);
    }
}
