import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import { changeRegionsOfProject } from '../map/change-region-picking.ts';
import type { CompareMap, ImageLayer } from '../map/compare-map.ts';
import type { ImageSummary } from '../workers/imagery-api.ts';
import { ChangeFootprints } from './ChangeFootprints.tsx';
import { ChangesPanel } from './ChangesPanel.tsx';
import { CompareView } from './CompareView.tsx';
import { DisplayPanel } from './DisplayPanel.tsx';
import { DisplaySizeBudget } from './DisplaySizeBudget.tsx';
import { effectiveMetadata, referenceOf } from '../state/image-metadata.ts';
import { editImageMetadata, swapImageReferences } from './image-metadata.ts';
import { useDisplays } from './use-display.ts';
import { FootprintsPanel } from './FootprintsPanel.tsx';
import { loadDemoSite, type DemoSite } from './demo-site.ts';
import { imageSourcesOf } from './dropped-files.ts';
import { ImageSlot } from './ImageSlot.tsx';
import { ProjectBar } from './ProjectBar.tsx';
import { ReopenImages } from './ReopenImages.tsx';
import { useImageReferences } from './use-image-references.ts';
import { MetadataPanel } from './MetadataPanel.tsx';
import { installTestApi } from './test-api.ts';
import { useChangeDetection } from './use-change-detection.ts';
import { useFootprints } from './use-footprints.ts';
import { usePersistence } from './use-persistence.ts';
import { useProject } from './project-store.ts';
import { useImagery, type Side } from './use-imagery.ts';

function layerOf(summary: ImageSummary): ImageLayer {
  return {
    imageId: summary.imageId,
    boundsLonLat: summary.boundsLonLat,
    maxZoom: summary.nativeZoom + 1,
  };
}

const SIDES: Side[] = ['before', 'after'];

export function App() {
  const { slots, open, cancel, swap, dismissError } = useImagery();
  const [site, setSite] = useState<DemoSite | null>(null);
  const [siteError, setSiteError] = useState<string | null>(null);
  const [compareMap, setCompareMap] = useState<CompareMap | null>(null);
  const [mapDrag, setMapDrag] = useState(false);
  const [dropProblem, setDropProblem] = useState<string | null>(null);
  const changes = useChangeDetection();
  const { project } = useProject();
  const persistence = usePersistence();
  const reopening = useImageReferences(slots, open);
  const displays = useDisplays();

  useEffect(() => {
    let cancelled = false;
    loadDemoSite().then(
      (demo) => {
        if (cancelled) return;
        setSite(demo);
        void open('before', { kind: 'url', url: demo.beforeUrl, name: demo.site.before.file });
        void open('after', { kind: 'url', url: demo.afterUrl, name: demo.site.after.file });
      },
      (error: unknown) => {
        if (!cancelled) setSiteError(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [open]);

  const before = slots.before.current;
  const after = slots.after.current;
  const { displayOf } = displays;
  const beforeRevision = before ? displayOf(before).revision : 0;
  const afterRevision = after ? displayOf(after).revision : 0;
  const beforeLayer = useMemo(
    () => (before ? { ...layerOf(before), displayRevision: beforeRevision } : null),
    [before, beforeRevision],
  );
  const afterLayer = useMemo(
    () => (after ? { ...layerOf(after), displayRevision: afterRevision } : null),
    [after, afterRevision],
  );
  const references = {
    before: referenceOf(project, 'before', before),
    after: referenceOf(project, 'after', after),
  };
  const imageBounds = useMemo(
    () => [before, after].flatMap((summary) => (summary ? [summary.boundsLonLat] : [])),
    [before, after],
  );

  // Results belong to the pair they were computed on.
  const changeResult =
    changes.result && before && after && changes.resultPair === `${before.imageId}|${after.imageId}`
      ? changes.result
      : null;
  const drawnOn = after ?? before;
  const gsdMetres = drawnOn ? Math.min(drawnOn.pixelSizeMetres.x, drawnOn.pixelSizeMetres.y) : null;
  const footprints = useFootprints(compareMap, project.footprints, gsdMetres);
  const onMapReady = useCallback((map: CompareMap) => setCompareMap(map), []);
  useEffect(() => {
    compareMap?.setChangeRegions(changeResult?.regions ?? changeRegionsOfProject(project.changes));
  }, [compareMap, changeResult, project.changes]);
  useEffect(() => {
    if (compareMap) installTestApi({ map: compareMap, slots, site, changes: changeResult });
  }, [compareMap, slots, site, changeResult]);

  // Dropping files on the map: one image fills the empty side (else "after"); two fill both. An
  // image's `.ovr` dropped with it goes with it.
  const onMapDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setMapDrag(false);
    const { sources, problem } = imageSourcesOf([...event.dataTransfer.files]);
    setDropProblem(problem);
    if (sources.length >= 2) {
      void open('before', sources[0]);
      void open('after', sources[1]);
    } else if (sources.length === 1) {
      const side: Side = !before ? 'before' : !after ? 'after' : 'after';
      void open(side, sources[0]);
    }
  };

  // The date the user gave the image, else the file's own.
  const dateLabel = (side: Side, summary: ImageSummary | null) =>
    summary ? (effectiveMetadata(summary.info, references[side]).date ?? 'date unknown') : '—';
  const isDemo = (summary: ImageSummary | null, file: string | undefined) =>
    summary !== null && summary.name === file;
  const showingDemo =
    site !== null && isDemo(before, site.site.before.file) && isDemo(after, site.site.after.file);

  return (
    <div className="app">
      <header className="app__header">
        <h1>sitediff</h1>
        {showingDemo && site.site.synthetic && (
          <span className="synthetic-chip" title={site.site.description}>
            Synthetic demo
          </span>
        )}
        <span className="app__site-name">{showingDemo ? site.site.name : ''}</span>
        <ProjectBar project={project} persistence={persistence} />
        <DisplaySizeBudget />
      </header>
      {persistence.status === 'unavailable' && (
        <p className="app__error" role="alert">
          Projects cannot be saved in this browser ({persistence.error}); your work will be lost on
          reload. Export your footprints to keep them.
        </p>
      )}
      {dropProblem && (
        <p className="app__error" role="alert" data-testid="drop-problem">
          {dropProblem}
        </p>
      )}
      {siteError && (
        <p className="app__error" role="alert">
          The demo site could not be loaded: {siteError}
        </p>
      )}
      <main className="app__main">
        <div
          className={`app__map${mapDrag ? ' app__map--drag' : ''}`}
          onDragOver={(event) => {
            event.preventDefault();
            setMapDrag(true);
          }}
          onDragLeave={() => setMapDrag(false)}
          onDrop={onMapDrop}
          data-testid="map-drop-zone"
        >
          <CompareView
            before={beforeLayer}
            after={afterLayer}
            beforeLabel={dateLabel('before', before)}
            afterLabel={dateLabel('after', after)}
            imageBounds={imageBounds}
            onMapReady={onMapReady}
          />
        </div>
        <aside className="side-panel" aria-label="Images and metadata">
          <ReopenImages reopening={reopening} />
          <div className="slots">
            {SIDES.map((side) => (
              <ImageSlot
                key={side}
                side={side}
                slot={slots[side]}
                onOpen={(source) => void open(side, source)}
                onCancel={() => cancel(side)}
                onDismissError={() => dismissError(side)}
              />
            ))}
            <button
              type="button"
              className="slots__swap"
              onClick={() => {
                swap();
                swapImageReferences();
              }}
              disabled={!!slots.before.loading || !!slots.after.loading}
            >
              Swap before ⇄ after
            </button>
          </div>
          <DisplayPanel
            images={{ before, after }}
            displayOf={displayOf}
            onChange={displays.setDisplay}
          />
          <FootprintsPanel
            project={project}
            selectedId={footprints.selectedId}
            tool={footprints.tool}
            sketch={footprints.sketch}
            gsdMetres={gsdMetres}
            rightAngles={footprints.rightAngles}
            onTool={footprints.setTool}
            onRightAngles={footprints.setRightAngles}
            onSelect={footprints.select}
          />
          <ChangesPanel
            enabled={!!before && !!after}
            running={changes.running}
            result={changeResult}
            error={changes.error}
            onDetect={(request) => {
              if (before && after) void changes.detect(before.imageId, after.imageId, request);
            }}
            onCancel={changes.cancel}
          />
          <ChangeFootprints
            map={compareMap}
            changes={project.changes}
            gsdMetres={gsdMetres}
            picking={footprints.tool === 'select'}
            // The new footprint reaches the map on the next render; select it then.
            onFootprintMade={(id) => setTimeout(() => footprints.select(id))}
          />
          <MetadataPanel
            site={
              showingDemo
                ? {
                    name: site.site.name,
                    description: site.site.description,
                    credit: site.site.credit,
                    synthetic: site.site.synthetic,
                  }
                : null
            }
            images={{ before, after }}
            references={references}
            onEditMetadata={(side, summary, changes) =>
              void editImageMetadata(side, summary, changes)
            }
          />
        </aside>
      </main>
    </div>
  );
}
