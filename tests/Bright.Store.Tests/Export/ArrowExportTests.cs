using Apache.Arrow;
using Apache.Arrow.Ipc;
using Bright.Store.Events;
using Bright.Store.Export;
using Bright.Store.Tests.Events;
using Bright.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bright.Store.Tests.Export;

[TestFixture]
public sealed class ArrowExportTests
{
    [Test]
    public async Task Any_read_exports_as_an_arrow_stream_with_typed_columns()
    {
        using var folder = TempFolder.Create();
        var options = new StoreOptions { Path = Path.Combine(folder.Path, "arrow.duckdb") };
        using var store = BrightStore.Open(options);
        await using (var writer = new EventWriter(store, options, [], NullLogger<EventWriter>.Instance))
        {
            await writer.WriteAsync([.. Enumerable.Range(0, 70_000).Select(i => EventWriterTests.Event($"arrow-{i}", i % 600))]);
        }

        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_id, occurred_at, value, site, value > 300 AS late, CAST(occurred_at AS DATE) AS day FROM events ORDER BY event_id";
        using var reader = await command.ExecuteReaderAsync();
        using var stream = new MemoryStream();

        var rows = await ArrowExport.WriteAsync(reader, stream);
        stream.Position = 0;
        using var arrow = new ArrowStreamReader(stream);
        long read = 0;
        var batches = 0;
        RecordBatch? first = null;
        while (await arrow.ReadNextRecordBatchAsync() is { } batch)
        {
            first ??= batch;
            read += batch.Length;
            batches++;
        }

        Assert.That(rows, Is.EqualTo(70_000));
        Assert.That(read, Is.EqualTo(70_000));
        Assert.That(batches, Is.EqualTo(2), "65,536 rows per batch");
        Assert.That(arrow.Schema.FieldsList.Select(f => f.DataType.TypeId), Is.EqualTo(new[]
        {
            Apache.Arrow.Types.ArrowTypeId.String, Apache.Arrow.Types.ArrowTypeId.Timestamp, Apache.Arrow.Types.ArrowTypeId.Double,
            Apache.Arrow.Types.ArrowTypeId.String, Apache.Arrow.Types.ArrowTypeId.Boolean, Apache.Arrow.Types.ArrowTypeId.Date32,
        }));
        Assert.That(((StringArray)first!.Column(0)).GetString(0), Is.EqualTo("arrow-0"));
    }

    [Test]
    public async Task An_empty_read_still_exports_its_schema()
    {
        using var folder = TempFolder.Create();
        using var store = BrightStore.Open(new StoreOptions { Path = Path.Combine(folder.Path, "empty.duckdb") });
        using var connection = store.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_id, value FROM events";
        using var reader = await command.ExecuteReaderAsync();
        using var stream = new MemoryStream();

        var rows = await ArrowExport.WriteAsync(reader, stream);
        stream.Position = 0;
        using var arrow = new ArrowStreamReader(stream);
        var batch = await arrow.ReadNextRecordBatchAsync();

        Assert.That(rows, Is.Zero);
        Assert.That(arrow.Schema.FieldsList.Select(f => f.Name), Is.EqualTo(new[] { "event_id", "value" }));
        Assert.That(batch?.Length ?? 0, Is.Zero);
    }
}
