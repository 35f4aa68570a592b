using JasperFx;
using JasperFx.MultiTenancy;
using Marten;
using Marten.Services;
using Weasel.Core;
using Weasel.Postgresql;
using Microsoft.VisualBasic.FileIO;

namespace LifeCircle.Communities;

/// <summary>
/// Loads Liaoning's division codes (cities, districts, streets, communities) from the CSV
/// files shipped in Communities/Data into the store, once; a later start finds them there.
/// </summary>
public sealed class DivisionCatalog(IDocumentStore store, ILogger<DivisionCatalog> logger)
{
    public static string DataFolder => Path.Combine(AppContext.BaseDirectory, "Communities", "Data");

    public async Task EnsureLoadedAsync(CancellationToken cancellation)
    {
        var divisions = ReadAll(DataFolder).ToList();
        await using var session = store.QuerySession();
        var stored = await session.Query<Division>().CountAsync(cancellation);
        if (stored >= divisions.Count)
        {
            return;
        }

        await store.BulkInsertDocumentsAsync(divisions, BulkInsertMode.IgnoreDuplicates, cancellation: cancellation);
        logger.LogInformation("Loaded {Count} divisions of Liaoning", divisions.Count);
    }

    public static IEnumerable<Division> ReadAll(string folder)
    {
        foreach (var row in Read(Path.Combine(folder, "liaoning_cities.csv")))
        {
            yield return new Division { Id = row[0], Name = row[1], Level = DivisionLevel.City, CityCode = row[0] };
        }

        foreach (var row in Read(Path.Combine(folder, "liaoning_areas.csv")))
        {
            yield return new Division { Id = row[0], Name = row[1], Level = DivisionLevel.District, ParentCode = row[2], CityCode = row[2] };
        }

        foreach (var row in Read(Path.Combine(folder, "liaoning_streets.csv")))
        {
            yield return new Division { Id = row[0], Name = row[1], Level = DivisionLevel.Street, ParentCode = row[2], CityCode = row[4] };
        }

        foreach (var row in Read(Path.Combine(folder, "liaoning_villages.csv")))
        {
            yield return new Division
            {
                Id = row[0],
                Name = row[1],
                Level = DivisionLevel.Community,
                ParentCode = row[2],
                CityCode = row[4],
                IsUrbanCommunity = row[1].EndsWith("社区", StringComparison.Ordinal)
            };
        }
    }

    private static IEnumerable<string[]> Read(string path)
    {
        using var parser = new TextFieldParser(path, System.Text.Encoding.UTF8);
        parser.SetDelimiters(",");
        parser.HasFieldsEnclosedInQuotes = true;
        parser.ReadFields();
        while (!parser.EndOfData)
        {
            if (parser.ReadFields() is { Length: > 0 } fields)
            {
                yield return fields;
            }
        }
    }
}
