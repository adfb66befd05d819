// The parts of Plex Media Server's JSON answers the plugin reads (plex-api-spec.yaml; fields may be missing).

export interface PmsMetadata {
  ratingKey?: string;
  key: string;
  type: string;
  title: string;
  addedAt: number;
  year?: number;
  thumb?: string;
  parentThumb?: string;
  grandparentThumb?: string;
  grandparentTitle?: string;
  parentTitle?: string;
  index?: number;
  parentIndex?: number;
  duration?: number;
  viewOffset?: number;
  librarySectionID?: number | string;
  librarySectionTitle?: string;
  sessionKey?: string;
  User?: { id?: string; title?: string; thumb?: string };
  Player?: { state?: string; title?: string; product?: string; platform?: string; local?: boolean; userID?: number };
  Session?: { id?: string; bandwidth?: number; location?: string };
  TranscodeSession?: {
    progress?: number; speed?: number; throttled?: boolean; transcodeHwRequested?: boolean;
    videoDecision?: string; audioDecision?: string; sourceVideoCodec?: string; sourceAudioCodec?: string; videoCodec?: string; audioCodec?: string; container?: string; sourceContainer?: string;
  };
  Media?: Array<{ bitrate?: number; videoResolution?: string; container?: string; Part?: Array<{ decision?: string }> }>;
}

export interface PmsDirectory {
  key: string;
  title: string;
  type: string;
  Location?: Array<{ id?: number; path?: string }>;
}

export interface PmsContainer<T extends string, V> {
  MediaContainer?: { size?: number; totalSize?: number; offset?: number; machineIdentifier?: string; version?: string; friendlyName?: string } & { [K in T]?: V[] };
}

export interface PmsIdentity {
  MediaContainer?: { machineIdentifier?: string; version?: string; claimed?: boolean };
}

export interface PmsHub {
  title?: string;
  type?: string;
  hubIdentifier?: string;
  Metadata?: PmsMetadata[];
}
