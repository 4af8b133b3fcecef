import type { Failure, ParamsOf, VenueView } from '../../../typings/contract';
import { loadsOnOpen } from '../../behaviors/loads-on-open';
import { openPdfDocument } from '../../services/card-document';
import { callFunction } from '../../services/cloud';
import { formatBeijingDate } from '../../utils/beijing-time';
import { inputPatch, type FieldInput, type TapWith } from '../../utils/page-events';
import { elderMode } from '../../behaviors/elder-mode';

/** The fields of staff.registerVenue; the server's schema (cloudfunctions/staff/venues.ts) caps them at 40, 20, 80 and 64. */
type VenueField = 'name' | 'district' | 'address' | 'checkpointId';
const VENUE_FIELDS: readonly VenueField[] = ['name', 'district', 'address', 'checkpointId'];

const CANNOT_OPEN_POSTER = '海报已生成，但未能打开。请检查网络后再点一次「下载场所码海报」。';
/** How the server words a refused parameter: `请求参数不正确：<field>：<problem>；<field>：<problem>`. */
const INVALID_PREFIX = '请求参数不正确：';

/** A venue as the list shows it. */
interface VenueRow extends VenueView {
  place: string;
  registeredOn: string;
}

function venueRow(venue: VenueView): VenueRow {
  return {
    ...venue,
    place: [venue.district, venue.address].filter(Boolean).join(' '),
    registeredOn: formatBeijingDate(venue.registeredAt),
  };
}

interface VenueForm {
  name: string;
  district: string;
  address: string;
  checkpointId: string;
}

type FieldErrors = Record<`${VenueField}Error`, string>;

const NO_FIELD_ERRORS: FieldErrors = { nameError: '', districtError: '', addressError: '', checkpointIdError: '' };

/** The params to send, leaving out optional fields left empty (the server refuses an empty one), or what is missing. */
function registerParams(form: VenueForm): { params: ParamsOf<'staff', 'registerVenue'> } | { missing: Partial<FieldErrors> } {
  const [name, district, address, checkpointId] = [form.name.trim(), form.district.trim(), form.address.trim(), form.checkpointId.trim()];
  if (name === '' || district === '') {
    return { missing: { nameError: name === '' ? '请填写场所或卡口名称' : '', districtError: district === '' ? '请填写所属街道或区' : '' } };
  }
  return { params: { name, district, ...(address ? { address } : {}), ...(checkpointId ? { checkpointId } : {}) } };
}

/** The fields a refusal names, each with the server's words about it; empty when it names none of this form's. */
function fieldErrorsOf(failure: Failure): Partial<FieldErrors> {
  if (failure.code !== 'INVALID_REQUEST' || !failure.message.startsWith(INVALID_PREFIX)) return {};
  const errors: Partial<FieldErrors> = {};
  for (const part of failure.message.slice(INVALID_PREFIX.length).split('；')) {
    const [field, ...problem] = part.split('：');
    if ((VENUE_FIELDS as readonly string[]).includes(field) && problem.length) errors[`${field as VenueField}Error`] = problem.join('：');
  }
  return errors;
}

/**
 * 场所码 (staff): register a venue, or a checkpoint a guard works at, and download its poster: a printable A4
 * PDF whose code opens the resident's own 通行码 (the server makes it once and keeps it, so a reprint is the
 * same poster). Venues are listed newest first, of one district or all.
 */
Component({
  behaviors: [elderMode, loadsOnOpen],
  data: {
    name: '',
    district: '',
    address: '',
    checkpointId: '',
    ...NO_FIELD_ERRORS,
    /** A refusal that is not about one field (no permission, no network). */
    formError: '',
    registering: false,
    /** The district the list is filtered by as typed, and as last shown ('' = all). */
    filter: '',
    shownDistrict: '',
    filtering: false,
    filterError: '',
    venues: [] as VenueRow[],
    /** The venue whose poster is being fetched, '' for none: one at a time. */
    fetchingPoster: '',
    /** The venue whose poster failed, and why: said beside its button. */
    posterFailed: '',
    posterError: '',
  },
  methods: {
    async load(): Promise<void> {
      this.setData({ status: 'loading', errorMessage: '' });
      const district = this.data.filter.trim();
      const result = await callFunction('staff', 'venues', district ? { district } : {});
      if (!result.ok) return this.showFailure(result);
      this.setData({ status: 'ready', venues: result.data.venues.map(venueRow), shownDistrict: district });
    },

    onFieldInput(event: FieldInput): void {
      this.setData({ ...inputPatch(event, this.data), formError: '' });
    },

    onFilterInput(event: FieldInput): void {
      this.setData({ filter: event.detail.value, filterError: '' });
    },

    async onFilterTap(): Promise<void> {
      if (this.data.filtering) return;
      const district = this.data.filter.trim();
      this.setData({ filtering: true, filterError: '' });
      const result = await callFunction('staff', 'venues', district ? { district } : {});
      if (!result.ok) {
        this.setData({ filtering: false, filterError: result.message });
        return;
      }
      this.setData({ filtering: false, venues: result.data.venues.map(venueRow), shownDistrict: district, posterFailed: '' });
    },

    async onRegisterTap(): Promise<void> {
      if (this.data.registering) return;
      const checked = registerParams(this.data);
      if ('missing' in checked) {
        this.setData({ ...NO_FIELD_ERRORS, ...checked.missing, formError: '' });
        return;
      }
      this.setData({ ...NO_FIELD_ERRORS, formError: '', registering: true });
      const result = await callFunction('staff', 'registerVenue', checked.params);
      if (!result.ok) {
        const fieldErrors = fieldErrorsOf(result);
        const named = Object.keys(fieldErrors).length > 0;
        this.setData({ registering: false, ...fieldErrors, formError: named ? '' : result.message });
        return;
      }
      // The district stays: staff often register several venues of one street in a row.
      this.setData({
        registering: false,
        name: '',
        address: '',
        checkpointId: '',
        venues: [venueRow(result.data.venue), ...this.data.venues],
      });
      void wx.showToast({ title: '已登记', icon: 'success' });
    },

    async onPosterTap(event: TapWith<{ venueId: string }>): Promise<void> {
      if (this.data.fetchingPoster) return;
      const { venueId } = event.currentTarget.dataset;
      this.setData({ fetchingPoster: venueId, posterFailed: '', posterError: '' });
      const result = await callFunction('staff', 'venuePoster', { venueId });
      const opened = result.ok ? await openPdfDocument(result.data.url, CANNOT_OPEN_POSTER) : result;
      // Once the server answers a URL the poster is made and stored, even if it could not be opened here.
      const venues = result.ok ? this.data.venues.map((row) => (row.venueId === venueId ? { ...row, posterReady: true } : row)) : this.data.venues;
      if (!opened.ok) {
        this.setData({ fetchingPoster: '', venues, posterFailed: venueId, posterError: opened.message });
        return;
      }
      this.setData({ fetchingPoster: '', venues });
    },
  },
});
